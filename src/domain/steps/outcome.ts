/** What a run ended with (or where it is), as the RecordOutcome step receives it. */
import * as z from 'zod';
import { Plan } from '../plan/schema.ts';
import { CreateEndpointConfigOutput } from './create-endpoint-config.ts';
import { RetireOutput } from './retire.ts';

/** Exactly what a Step Functions Catch puts at its ResultPath. */
export const StepFailure = z.object({ Error: z.string().min(1), Cause: z.string().optional() }).strict();
export type StepFailure = z.infer<typeof StepFailure>;

export const Outcome = z.discriminatedUnion('kind', [
  /** The run has started (and may wait for approval); the finding leaves NEW so it does not trigger again. */
  z.object({ kind: z.literal('started'), plan: Plan.nullable(), awaitingApproval: z.boolean() }).strict(),
  /** The run ends at the plan: a noop or blocked verdict, or any verdict in dry-run mode. */
  z.object({ kind: z.literal('planned'), plan: Plan, dryRun: z.boolean() }).strict(),
  /** A human rejected the plan, or nobody answered in time; nothing was changed. */
  z
    .object({ kind: z.literal('rejected'), reason: z.string().min(1), by: z.string().min(1).nullable() })
    .strict(),
  z
    .object({
      kind: z.literal('succeeded'),
      plan: Plan,
      endpoints: z.array(CreateEndpointConfigOutput),
      retire: RetireOutput,
    })
    .strict(),
  z.object({ kind: z.literal('failed'), error: StepFailure, plan: Plan.nullable() }).strict(),
]);
export type Outcome = z.infer<typeof Outcome>;
