/**
 * src/domain/zod.ts builds strict and loose objects around one shared catchall each. They must parse
 * exactly as zod/mini's own do: same success, same data, same issues, nested or extended.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as mini from 'zod/mini';
import * as z from '../../../src/domain/zod.ts';

type Build = typeof z.strictObject | typeof z.looseObject;

/** The same schema, its objects built by `object` (ours or zod/mini's). */
function schemaWith(object: Build) {
  const Inner = object({ id: z.string().check(z.minLength(1)), tags: z.optional(z.array(z.string())) });
  const Outer = object({ name: z.string(), count: z.nullable(z.int()), inner: Inner, list: z.array(Inner) });
  return z.extend(Outer, { extra: z.optional(z.boolean()) });
}

const result = (schema: z.ZodMiniType, input: unknown) => {
  const parsed = z.safeParse(schema, input);
  return parsed.success ? { data: parsed.data } : { issues: parsed.error.issues };
};

const inner = fc.record(
  { id: fc.oneof(fc.string(), fc.integer()), tags: fc.array(fc.string()) },
  { requiredKeys: [] },
);
const candidate = fc.oneof(
  fc.anything(),
  fc.record(
    {
      name: fc.oneof(fc.string(), fc.constant(null)),
      count: fc.oneof(fc.integer(), fc.constant(null), fc.double()),
      inner,
      list: fc.array(inner, { maxLength: 3 }),
      extra: fc.oneof(fc.boolean(), fc.string()),
    },
    { requiredKeys: [] },
  ),
  // Unknown keys, at the top and nested: what a strict object refuses and a loose one keeps.
  fc.record({
    name: fc.string(),
    count: fc.constant(1),
    inner: fc.record({ id: fc.constant('x'), surprise: fc.anything() }),
    list: fc.constant([]),
    other: fc.anything(),
  }),
);

describe.each([
  ['strictObject', z.strictObject, mini.strictObject],
  ['looseObject', z.looseObject, mini.looseObject],
] as const)('%s', (_name, ours, theirs) => {
  const mine = schemaWith(ours);
  const reference = schemaWith(theirs as Build);

  it('parses every input as zod/mini does: same data, same issues', () => {
    fc.assert(
      fc.property(candidate, (input) => {
        expect(result(mine, input)).toEqual(result(reference, input));
      }),
      { numRuns: 500 },
    );
  });

  it('shares one catchall across objects', () => {
    const a = ours({ a: z.string() });
    const b = ours({ b: z.string() });
    expect(a._zod.def.catchall).toBe(b._zod.def.catchall);
  });

  it('still takes params (a custom message), through zod/mini itself', () => {
    const withMessage = ours({ a: z.string() }, 'not the object we want');
    const parsed = z.safeParse(withMessage, 42);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('not the object we want');
  });
});
