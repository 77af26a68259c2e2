/**
 * Reads an ASL reference path (`$.a.b`, `$['a'][0]`, `$$.Execution.Id`): the restricted JSONPath that
 * `SecondsPath`, `TimestampPath`, `TimeoutSecondsPath` and `HeartbeatSecondsPath` accept. The sandbox
 * evaluates these itself because it runs Wait states and task timeouts on its own clock.
 */
import type { JsonValue } from './json.ts';

const SEGMENT = /^(?:\.([A-Za-z_$][\w$-]*)|\['([^']*)'\]|\["([^"]*)"\]|\[(\d+)\])/;

export class ReferencePathError extends Error {
  override readonly name = 'States.Runtime' as const;
}

/** `context` is the object `$$.` paths read from. */
export function readReferencePath(path: string, input: JsonValue, context: JsonValue): JsonValue {
  const fromContext = path.startsWith('$$');
  let rest = fromContext ? path.slice(2) : path.startsWith('$') ? path.slice(1) : undefined;
  if (rest === undefined) throw new ReferencePathError(`Invalid reference path '${path}'`);
  let current: JsonValue | undefined = fromContext ? context : input;
  while (rest.length > 0) {
    const match = SEGMENT.exec(rest);
    if (match === null) throw new ReferencePathError(`Invalid reference path '${path}'`);
    const [whole, dotted, single, double, index] = match;
    current = step(current, index !== undefined ? Number(index) : (dotted ?? single ?? double ?? ''));
    rest = rest.slice(whole.length);
  }
  if (current === undefined) {
    throw new ReferencePathError(`The JSONPath '${path}' could not be found in the input`);
  }
  return current;
}

function step(value: JsonValue | undefined, key: string | number): JsonValue | undefined {
  if (typeof key === 'number') return Array.isArray(value) ? value[key] : undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? value[key] : undefined;
}
