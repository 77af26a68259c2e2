/**
 * The subset of EventBridge event-pattern matching that sm5's rules use, so the sandbox and the tests judge
 * events exactly as the deployed rules will.
 *
 * Supported: exact values (string, number, boolean, null) listed in arrays; nested objects; `prefix`;
 * `anything-but` (a value, a list of values, or `{ prefix }`); `exists`.
 * Arrays in the event match when any element matches, and, as EventBridge does (array-consistent matching
 * in aws/event-ruler), the fields of one nested pattern object must all match inside the same array element.
 * Like EventBridge, conditions look only at leaf values: an object is not a value, `exists: true` on a path
 * that holds an object is false, and `anything-but` never matches a missing field.
 *
 * Unsupported, and rejected with InvalidInputError rather than silently mismatched: `suffix`,
 * `equals-ignore-case`, `wildcard`, `numeric`, `cidr`, `$or`, and `prefix`/`anything-but` forms other than
 * the above.
 */
import { InvalidInputError } from './errors.ts';

type Scalar = string | number | boolean | null;
export type AnythingBut = string | number | readonly (string | number)[] | { readonly prefix: string };
export type PatternCondition =
  | Scalar
  | { readonly prefix: string }
  | { readonly 'anything-but': AnythingBut }
  | { readonly exists: boolean };
export type EventPattern = { readonly [key: string]: readonly PatternCondition[] | EventPattern };

const UNSUPPORTED_OPERATORS = ['suffix', 'equals-ignore-case', 'wildcard', 'numeric', 'cidr'];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function invalid(path: string, problem: string): InvalidInputError {
  return new InvalidInputError(`event pattern ${path || '(root)'}: ${problem}`);
}

function assertAnythingBut(value: unknown, path: string): void {
  const isValue = (v: unknown) => typeof v === 'string' || typeof v === 'number';
  if (isValue(value)) return;
  if (Array.isArray(value) && value.length > 0 && value.every(isValue)) return;
  if (isRecord(value) && Object.keys(value).length === 1 && typeof value.prefix === 'string') return;
  throw invalid(path, 'anything-but takes a string, a number, a non-empty list of them, or { prefix }');
}

function assertCondition(condition: unknown, path: string): void {
  if (isScalar(condition)) return;
  if (!isRecord(condition)) throw invalid(path, 'a condition is a value or an operator object');
  const keys = Object.keys(condition);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined) {
    throw invalid(path, `an operator object has exactly one key, got ${keys.length}`);
  }
  if (UNSUPPORTED_OPERATORS.includes(operator)) {
    throw invalid(path, `operator "${operator}" is not supported by sm5's matcher`);
  }
  const operand = condition[operator];
  if (operator === 'prefix' && typeof operand === 'string') return;
  if (operator === 'exists' && typeof operand === 'boolean') return;
  if (operator === 'anything-but') {
    assertAnythingBut(operand, path);
    return;
  }
  throw invalid(path, `unknown or malformed operator "${operator}"`);
}

/** Throws InvalidInputError naming the path of the first thing the matcher cannot honour. */
export function assertValidPattern(pattern: unknown, path = ''): asserts pattern is EventPattern {
  if (!isRecord(pattern)) throw invalid(path, 'a pattern is an object');
  // EventBridge refuses an empty pattern object: it would match everything.
  if (Object.keys(pattern).length === 0) throw invalid(path, 'a pattern object cannot be empty');
  for (const [key, value] of Object.entries(pattern)) {
    const at = path ? `${path}.${key}` : key;
    if (key === '$or') throw invalid(at, '"$or" is not supported by sm5\'s matcher');
    if (Array.isArray(value)) {
      if (value.length === 0) throw invalid(at, 'a list of conditions cannot be empty');
      for (const condition of value) assertCondition(condition, at);
    } else if (isRecord(value)) {
      assertValidPattern(value, at);
    } else {
      throw invalid(at, 'a field is matched by a list of conditions or a nested pattern object');
    }
  }
}

/** Nested arrays are "crushed out": `[[a], [b, c]]` is the values a, b, c. */
function flatten(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value.flatMap(flatten) : [value];
}

function excluded(value: Scalar, anythingBut: AnythingBut): boolean {
  if (isRecord(anythingBut)) return typeof value === 'string' && value.startsWith(anythingBut.prefix);
  const list: readonly (string | number)[] = Array.isArray(anythingBut) ? anythingBut : [anythingBut];
  return list.some((item) => item === value);
}

function conditionMatches(condition: PatternCondition, leaves: readonly Scalar[]): boolean {
  if (isScalar(condition)) return leaves.some((leaf) => leaf === condition);
  if ('exists' in condition) return condition.exists === leaves.length > 0;
  if ('prefix' in condition) {
    const { prefix } = condition;
    return leaves.some((leaf) => typeof leaf === 'string' && leaf.startsWith(prefix));
  }
  const anythingBut = condition['anything-but'];
  return leaves.some((leaf) => !excluded(leaf, anythingBut));
}

function isConditionList(
  pattern: readonly PatternCondition[] | EventPattern,
): pattern is readonly PatternCondition[] {
  return Array.isArray(pattern);
}

function fieldMatches(pattern: readonly PatternCondition[] | EventPattern, value: unknown): boolean {
  if (isConditionList(pattern)) {
    const leaves = flatten(value).filter(isScalar);
    return pattern.some((condition) => conditionMatches(condition, leaves));
  }
  return objectMatches(pattern, value);
}

function objectMatches(pattern: EventPattern, value: unknown): boolean {
  return flatten(value)
    .filter(isRecord)
    .some((element) =>
      Object.entries(pattern).every(([key, sub]) =>
        fieldMatches(sub, Object.hasOwn(element, key) ? element[key] : undefined),
      ),
    );
}

/**
 * Whether EventBridge would deliver `event` to a rule with `pattern`. The pattern is validated first, so an
 * unsupported operator throws even when an earlier field already decided the answer.
 */
export function matchesPattern(pattern: unknown, event: unknown): boolean {
  assertValidPattern(pattern);
  return objectMatches(pattern, event);
}
