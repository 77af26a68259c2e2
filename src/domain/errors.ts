/**
 * Every error sm5 raises on purpose. Each has a literal `name`: bundlers rename classes, and Step Functions
 * matches `ErrorEquals` on the thrown error's name, so the name is part of the workflow's contract.
 * `transient` errors may be retried; the rest are permanent and retrying them only repeats the failure.
 */
export abstract class Sm5Error extends Error {
  abstract override readonly name: string;
  abstract readonly transient: boolean;
}

// ---- transient: retried by the workflow with backoff and jitter ----

/** The AWS API answered ThrottlingException (or an equivalent rate limit). */
export class ThrottledError extends Sm5Error {
  override readonly name = 'ThrottledError' as const;
  readonly transient = true;
}

/** UpdateEndpoint was refused because the endpoint is Creating, Updating or SystemUpdating. */
export class EndpointBusyError extends Sm5Error {
  override readonly name = 'EndpointBusyError' as const;
  readonly transient = true;
}

/** A 5xx or InternalFailure from an AWS service. */
export class ServiceUnavailableError extends Sm5Error {
  override readonly name = 'ServiceUnavailableError' as const;
  readonly transient = true;
}

/** The endpoint is still moving towards its new config: the workflow waits and checks again. */
export class EndpointNotReadyError extends Sm5Error {
  override readonly name = 'EndpointNotReadyError' as const;
  readonly transient = true;
}

// ---- permanent: caught, recorded on the finding, never retried ----

/** The input is not an event sm5 understands (wrong source, detail-type or shape). */
export class UnsupportedEventError extends Sm5Error {
  override readonly name = 'UnsupportedEventError' as const;
  readonly transient = false;
}

export type FindingRejection =
  | 'not-sagemaker-5'
  | 'not-failed'
  | 'not-active'
  | 'suppressed'
  | 'not-new'
  | 'not-a-model'
  | 'wrong-account'
  | 'wrong-region'
  | 'no-finding';

/** A well-formed finding that sm5 must not act on; `reason` says which rule it broke. */
export class FindingRejectedError extends Sm5Error {
  override readonly name = 'FindingRejectedError' as const;
  readonly transient = false;
  constructor(
    readonly reason: FindingRejection,
    message: string,
  ) {
    super(message);
  }
}

/** A step's input or a user's argument failed validation; the message names the bad field. */
export class InvalidInputError extends Sm5Error {
  override readonly name = 'InvalidInputError' as const;
  readonly transient = false;
}

export class ModelNotFoundError extends Sm5Error {
  override readonly name = 'ModelNotFoundError' as const;
  readonly transient = false;
}

export class EndpointNotFoundError extends Sm5Error {
  override readonly name = 'EndpointNotFoundError' as const;
  readonly transient = false;
}

export class EndpointConfigNotFoundError extends Sm5Error {
  override readonly name = 'EndpointConfigNotFoundError' as const;
  readonly transient = false;
}

/** A resource with our deterministic name exists but differs from what this run would create. */
export class ResourceConflictError extends Sm5Error {
  override readonly name = 'ResourceConflictError' as const;
  readonly transient = false;
}

/** ResourceLimitExceeded: an account quota stops the fix. */
export class QuotaExceededError extends Sm5Error {
  override readonly name = 'QuotaExceededError' as const;
  readonly transient = false;
}

export class AccessDeniedError extends Sm5Error {
  override readonly name = 'AccessDeniedError' as const;
  readonly transient = false;
}

/** A ValidationException we have no more specific name for; the AWS message is kept. */
export class AwsValidationError extends Sm5Error {
  override readonly name = 'AwsValidationError' as const;
  readonly transient = false;
}

/** The endpoint is InService again but on its old config: SageMaker rolled the update back. */
export class UpdateRolledBackError extends Sm5Error {
  override readonly name = 'UpdateRolledBackError' as const;
  readonly transient = false;
}

/** The endpoint reached Failed (or UpdateRollbackFailed, OutOfService). */
export class EndpointFailedError extends Sm5Error {
  override readonly name = 'EndpointFailedError' as const;
  readonly transient = false;
}

/** The endpoint did not reach InService on its new config within the configured cap. */
export class DeploymentTimeoutError extends Sm5Error {
  override readonly name = 'DeploymentTimeoutError' as const;
  readonly transient = false;
}

/** Since the plan was made the account changed so that carrying on would be unsafe. */
export class PlanOutdatedError extends Sm5Error {
  override readonly name = 'PlanOutdatedError' as const;
  readonly transient = false;
}

/** Security Hub answered 200 but listed the finding under UnprocessedFindings. */
export class FindingUpdateError extends Sm5Error {
  override readonly name = 'FindingUpdateError' as const;
  readonly transient = false;
}

/** A human rejected the plan (`sm5 reject`); nothing was changed. */
export class ApprovalRejectedError extends Sm5Error {
  override readonly name = 'ApprovalRejectedError' as const;
  readonly transient = false;
}

/** Any AWS error we could not classify; permanent, so it is never retried blindly. */
export class UnexpectedAwsError extends Sm5Error {
  override readonly name = 'UnexpectedAwsError' as const;
  readonly transient = false;
}

const ALL = [
  ThrottledError,
  EndpointBusyError,
  ServiceUnavailableError,
  EndpointNotReadyError,
  UnsupportedEventError,
  FindingRejectedError,
  InvalidInputError,
  ModelNotFoundError,
  EndpointNotFoundError,
  EndpointConfigNotFoundError,
  ResourceConflictError,
  QuotaExceededError,
  AccessDeniedError,
  AwsValidationError,
  UpdateRolledBackError,
  EndpointFailedError,
  DeploymentTimeoutError,
  PlanOutdatedError,
  FindingUpdateError,
  ApprovalRejectedError,
  UnexpectedAwsError,
] as const;

// Instantiating is the only way to read an instance field without repeating the literal. Once per class,
// without a stack trace: this runs at every Lambda's cold start.
const PROBES: readonly Sm5Error[] = (() => {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return ALL.map((ctor) => Reflect.construct(ctor, ['probe']) as Sm5Error);
  } finally {
    Error.stackTraceLimit = limit;
  }
})();

export const ERROR_NAMES: readonly string[] = PROBES.map((probe) => probe.name);
export const TRANSIENT_ERROR_NAMES: readonly string[] = PROBES.filter((probe) => probe.transient).map(
  (probe) => probe.name,
);

export function isSm5Error(e: unknown): e is Sm5Error {
  return e instanceof Sm5Error;
}
