/** The workflow's glue around the engine: its input forms, its state, and the steps' inputs built from it. */
export {
  APPROVAL_REJECTED_ERROR,
  ApprovalAnswer,
  ApprovalRejection,
  ApprovalRequestMessage,
  rejectionFailure,
} from './approval.ts';
export { isStartInput, StartInput, StartOptions, startInput } from './execution-input.ts';
export {
  NormalizeInput,
  NormalizeOutput,
  normalizeExecution,
} from './normalize-execution.ts';
export {
  placeholdersIn,
  substitutePlaceholders,
  WORKFLOW_PLACEHOLDERS,
  type WorkflowPlaceholder,
  type WorkflowSubstitutions,
} from './placeholders.ts';
export {
  OutcomeLabel,
  outcomeOf,
  RecordPhase,
  RecordTaskInput,
  RecordTaskOutput,
  recordWorkflowOutcome,
} from './record.ts';
export { RetireTaskInput, retireInputOf } from './retire-input.ts';
export { type ExecutionScope, Run, scopeOfExecution } from './run.ts';
export {
  FIRST_CHECK_WAIT_SECONDS,
  LOCK_MARGIN_SECONDS,
  lockLeaseSeconds,
  MAX_CHECK_WAIT_SECONDS,
  Mode,
  settingsFromConfig,
  WorkflowSettings,
  type WorkflowSettingsInput,
} from './settings.ts';
export { EndpointSwitch, RecordResult, WorkflowState } from './state.ts';
export { parseTask, TaskEnvelope, Trace } from './trace.ts';
