/**
 * The state object the workflow carries from step to step (`$`), as the ASL builds it. After Normalize it
 * is `{ run, request }`; each step adds its result under its own key, so the execution's output and history
 * hold the whole record: the plan, the approval, the clones, each endpoint's switch, what was retired, the
 * outcome written to the finding, and any error.
 */

import { NonEmptyString } from '../names.ts';
import { Plan } from '../plan/schema.ts';
import { RemediationRequest } from '../request.ts';
import { CloneModelOutput } from '../steps/clone-model.ts';
import { StepFailure } from '../steps/outcome.ts';
import { RetireOutput } from '../steps/retire.ts';
import * as z from '../zod.ts';
import { EndpointSwitch } from './endpoint-switch.ts';
import { Run } from './run.ts';

export { EndpointSwitch };

/** What a RecordOutcome step leaves at `$.outcome` (or `$.started`): the Catch's failure when it failed. */
export const RecordResult = z.union([
  z.strictObject({
    outcome: NonEmptyString,
    recorded: z.boolean(),
    status: NonEmptyString,
    note: z.string(),
  }),
  StepFailure,
]);

export const WorkflowState = z.strictObject({
  run: Run,
  request: RemediationRequest,
  /** MarkFindingStarted's result. */
  started: z.optional(RecordResult),
  plan: z.optional(Plan),
  /** MarkFindingAwaitingApproval's result. */
  awaitingApproval: z.optional(RecordResult),
  /** Whatever SendTaskSuccess answered; the workflow goes on only if it is an ApprovalAnswer. */
  approval: z.optional(z.unknown()),
  clones: z.optional(z.array(CloneModelOutput)),
  switches: z.optional(z.array(EndpointSwitch)),
  switchSummary: z.optional(z.strictObject({ anyNotDone: z.boolean() })),
  retire: z.optional(RetireOutput),
  /** The failure a Catch caught. */
  error: z.optional(StepFailure),
  outcome: z.optional(RecordResult),
  /** ReadLockOwner's answer, kept when the lock was gone by then and the run took it after all. */
  lockOwner: z.optional(z.unknown()),
  /** Failures of the steps that must not stop the run (notify, unlock): in the history, not acted on. */
  notifyError: z.optional(StepFailure),
  unlockError: z.optional(StepFailure),
});
export type WorkflowState = z.infer<typeof WorkflowState>;
