/**
 * The state object the workflow carries from step to step (`$`), as the ASL builds it. After Normalize it
 * is `{ run, request }`; each step adds its result under its own key, so the execution's output and history
 * hold the whole record: the plan, the approval, the clones, each endpoint's switch, what was retired, the
 * outcome written to the finding, and any error.
 */
import * as z from 'zod';
import { Plan } from '../plan/schema.ts';
import { RemediationRequest, ResourceName } from '../request.ts';
import { CloneModelOutput } from '../steps/clone-model.ts';
import { CreateEndpointConfigOutput } from '../steps/create-endpoint-config.ts';
import { StepFailure } from '../steps/outcome.ts';
import { RetireOutput } from '../steps/retire.ts';
import { Run } from './run.ts';

/** What each iteration of the SwitchEndpoints Map ends with. */
export const EndpointSwitch = z.discriminatedUnion('done', [
  /** Verified InService on its new config, or nothing to do (see `config.action`). */
  z
    .object({ endpointName: ResourceName, done: z.literal(true), config: CreateEndpointConfigOutput })
    .strict(),
  /** Not switched, or not verified: `error` says why. Its lock was released. */
  z.object({ endpointName: ResourceName, done: z.literal(false), error: StepFailure }).strict(),
]);
export type EndpointSwitch = z.infer<typeof EndpointSwitch>;

/** What a RecordOutcome step leaves at `$.outcome` (or `$.started`): the Catch's failure when it failed. */
export const RecordResult = z.union([
  z
    .object({
      outcome: z.string().min(1),
      recorded: z.boolean(),
      status: z.string().min(1),
      note: z.string(),
    })
    .strict(),
  StepFailure,
]);

export const WorkflowState = z
  .object({
    run: Run,
    request: RemediationRequest,
    /** MarkFindingStarted's result. */
    started: RecordResult.optional(),
    plan: Plan.optional(),
    /** MarkFindingAwaitingApproval's result. */
    awaitingApproval: RecordResult.optional(),
    /** Whatever SendTaskSuccess answered; the workflow goes on only if it is an ApprovalAnswer. */
    approval: z.unknown().optional(),
    clones: z.array(CloneModelOutput).optional(),
    switches: z.array(EndpointSwitch).optional(),
    switchSummary: z.object({ anyNotDone: z.boolean() }).strict().optional(),
    retire: RetireOutput.optional(),
    /** The failure a Catch caught. */
    error: StepFailure.optional(),
    outcome: RecordResult.optional(),
    /** ReadLockOwner's answer, kept when the lock was gone by then and the run took it after all. */
    lockOwner: z.unknown().optional(),
    /** Failures of the steps that must not stop the run (notify, unlock): in the history, not acted on. */
    notifyError: StepFailure.optional(),
    unlockError: StepFailure.optional(),
  })
  .strict();
export type WorkflowState = z.infer<typeof WorkflowState>;
