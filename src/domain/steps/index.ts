/** The engine's steps: each an idempotent `async (input, deps) => output` with strict zod schemas at both ends. */
export {
  CheckEndpointInput,
  CheckEndpointOutput,
  checkEndpoint,
  nextWait,
  WaitPolicy,
} from './check-endpoint.ts';
export { CloneModelInput, CloneModelOutput, cloneModel } from './clone-model.ts';
export {
  CreateEndpointConfigInput,
  CreateEndpointConfigOutput,
  createEndpointConfig,
  EndpointConfigAction,
} from './create-endpoint-config.ts';
export { Outcome, StepFailure } from './outcome.ts';
export { PlanStepInput, PlanStepOutput, planStep } from './plan-step.ts';
export { RecordOutcomeInput, RecordOutcomeOutput, recordOutcome } from './record-outcome.ts';
export {
  type LocalEndpointResult,
  type LocalRunDeps,
  type LocalRunEvent,
  type LocalRunOptions,
  type LocalRunResult,
  type LocalRunStatus,
  remediateLocally,
} from './remediate-locally.ts';
export { RetireAction, RetiredResource, RetireInput, RetireMode, RetireOutput, retire } from './retire.ts';
export { SwitchEndpointInput, SwitchEndpointOutput, switchEndpoint } from './switch-endpoint.ts';
