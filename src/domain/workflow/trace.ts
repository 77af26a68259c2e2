/**
 * Every Lambda of the workflow receives `{ trace, input }`: `input` is what its step takes, `trace` is what
 * its logs carry (the execution and the model), so the step schemas stay exactly the engine's.
 */
import { InvalidInputError } from '../errors.ts';
import { describeIssues } from '../findings/describe-issues.ts';
import { NonEmptyString } from '../names.ts';
import * as z from '../zod.ts';

export const Trace = z.strictObject({
  executionArn: NonEmptyString,
  /** Null only before Normalize has found the model. */
  modelArn: z.nullable(NonEmptyString),
});
export type Trace = z.infer<typeof Trace>;

export const TaskEnvelope = z.strictObject({ trace: Trace, input: z.unknown() });

/** Parses a step's input; a mismatch is our own contract broken, so it is a named permanent error. */
export function parseTask<T extends z.core.$ZodType>(
  schema: T,
  raw: unknown,
  step: string,
): { trace: Trace; input: z.output<T> } {
  const envelope = TaskEnvelope.safeParse(raw);
  if (!envelope.success) {
    throw new InvalidInputError(`invalid task for step ${step}: ${describeIssues(envelope.error, '')}`);
  }
  const input = z.safeParse(schema, envelope.data.input);
  if (!input.success) {
    throw new InvalidInputError(`invalid input for step ${step}: ${describeIssues(input.error, 'input')}`);
  }
  return { trace: envelope.data.trace, input: input.data };
}
