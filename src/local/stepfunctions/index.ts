/** The sandbox's Step Functions service: the engine (programmatic API) and its wire API. */
export { stepFunctionsService } from './api.ts';
export {
  type AwsClientConfig,
  type CreateStateMachineInput,
  type RegisterStateMachineOptions,
  type StateMachineRecord,
  StepFunctionsEngine,
  type StepFunctionsOptions,
} from './engine.ts';
export type { ExecutionStatus } from './execution.ts';
export type { LambdaContext, LambdaHandler, LambdaHandlers } from './integrations/lambda.ts';
export type { Outbox, OutboxMessage } from './integrations/sns.ts';
export type { PendingTask } from './task-tokens.ts';
