/** What a run ended with (or where it is), as the RecordOutcome step receives it. */

import { NonEmptyString } from '../names.ts';
import { Plan } from '../plan/schema.ts';
import * as z from '../zod.ts';
import { CreateEndpointConfigOutput } from './create-endpoint-config.ts';
import { RetireOutput } from './retire.ts';

/** Exactly what a Step Functions Catch puts at its ResultPath. */
export const StepFailure = z.strictObject({
  Error: NonEmptyString,
  Cause: z.optional(z.string()),
});
export type StepFailure = z.infer<typeof StepFailure>;

export const Outcome = z.discriminatedUnion('kind', [
  /** The run has started (and may wait for approval); the finding leaves NEW so it does not trigger again. */
  z.strictObject({ kind: z.literal('started'), plan: z.nullable(Plan), awaitingApproval: z.boolean() }),
  /** The run ends at the plan: a noop or blocked verdict, or any verdict in dry-run mode. */
  z.strictObject({ kind: z.literal('planned'), plan: Plan, dryRun: z.boolean() }),
  /** A human rejected the plan, or nobody answered in time; nothing was changed. */
  z.strictObject({
    kind: z.literal('rejected'),
    reason: NonEmptyString,
    by: z.nullable(NonEmptyString),
  }),
  z.strictObject({
    kind: z.literal('succeeded'),
    plan: Plan,
    endpoints: z.array(CreateEndpointConfigOutput),
    retire: RetireOutput,
  }),
  z.strictObject({ kind: z.literal('failed'), error: StepFailure, plan: z.nullable(Plan) }),
]);
export type Outcome = z.infer<typeof Outcome>;
