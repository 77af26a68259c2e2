/**
 * Translates AWS SDK v3 errors into the named errors of `src/domain/errors.ts`, so the workflow's Retry and
 * Catch clauses and the CLI's exit codes see one vocabulary whatever the service said.
 * SageMaker reports most failures as `ValidationException`, so the code alone is not enough: the message
 * prefix decides (aws-facts.md lists the texts). The SDK error stays reachable as `cause`.
 */
import {
  AccessDeniedError,
  AwsValidationError,
  EndpointBusyError,
  EndpointConfigNotFoundError,
  EndpointNotFoundError,
  isSm5Error,
  ModelNotFoundError,
  QuotaExceededError,
  ResourceConflictError,
  ServiceUnavailableError,
  type Sm5Error,
  ThrottledError,
  UnexpectedAwsError,
} from '../domain/errors.ts';

export type AwsResourceKind = 'model' | 'endpoint' | 'endpoint-config' | 'inference-component' | 'finding';

/** What the failed call was about: names the resource in the message and resolves a bare ResourceNotFound. */
export interface AwsErrorContext {
  /** The API operation, e.g. `DescribeModel`. */
  operation?: string;
  resource?: AwsResourceKind;
  /** The resource's name, ARN or id. */
  name?: string;
}

/** The parts of an SDK error that classification needs, read without trusting the shape. */
interface AwsErrorFacts {
  code: string | undefined;
  message: string;
  status: number | undefined;
  fault: string | undefined;
}

// The SDK's own throttling list (@smithy/service-error-classification), plus the names this brief lists.
const THROTTLING_CODES = new Set([
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceeded',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  // Security Hub's rate limit (HTTP 429); SageMaker's quota error is ResourceLimitExceeded, handled apart.
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);

const VALIDATION_CODES = new Set([
  'ValidationException',
  'ValidationError',
  'InvalidInputException',
  'InvalidParameterValue',
  'InvalidParameterException',
  'InvalidParameterCombination',
  'SerializationException',
]);

const NOT_FOUND_CODES = new Set(['ResourceNotFound', 'ResourceNotFoundException']);
const QUOTA_CODES = new Set(['ResourceLimitExceeded', 'ServiceQuotaExceededException']);
const CONFLICT_CODES = new Set(['ConflictException', 'ResourceConflictException']);
const IN_USE_CODES = new Set(['ResourceInUse', 'ResourceInUseException']);

// Failures to authenticate are as permanent as a denied action: retrying cannot fix either.
const ACCESS_CODES = new Set([
  'InvalidAccessException',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'MissingAuthenticationToken',
  'IncompleteSignature',
  'ExpiredToken',
  'ExpiredTokenException',
  'CredentialsProviderError',
]);

const SERVER_CODES = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'InternalServerException',
  'InternalException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  // Timeouts and dropped connections that outlived the SDK's own retries (its TRANSIENT_ERROR_CODES).
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
]);

const IN_PROGRESS = /^Cannot update in-progress endpoint/;
const ALREADY_EXISTS = /^Cannot create already existing/;
// Order matters: "endpoint configuration" also starts with "endpoint"; "model package" is another resource.
const NOT_FOUND_MESSAGES: readonly [RegExp, new (message: string, options?: ErrorOptions) => Sm5Error][] = [
  [/^Could not find endpoint configuration\b/, EndpointConfigNotFoundError],
  [/^Could not find endpoint\b/, EndpointNotFoundError],
  [/^Could not find model\b(?!\s+package)/, ModelNotFoundError],
];

function stringField(o: object, key: string): string | undefined {
  const v: unknown = Reflect.get(o, key);
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

// `__type` may be namespaced (`com.amazonaws.sagemaker#ResourceNotFound`) or carry a URL after a colon.
function cleanType(raw: string): string {
  const afterHash = raw.slice(raw.lastIndexOf('#') + 1);
  const colon = afterHash.indexOf(':');
  return colon === -1 ? afterHash : afterHash.slice(0, colon);
}

function readFacts(e: unknown): AwsErrorFacts {
  if (typeof e !== 'object' || e === null) {
    return { code: undefined, message: String(e), status: undefined, fault: undefined };
  }
  const name = stringField(e, 'name');
  const type = stringField(e, '__type');
  // A plain `Error` name says nothing; Node's network errors carry their kind in `code`.
  const code =
    (type === undefined ? undefined : cleanType(type) || undefined) ??
    (name !== undefined && name !== 'Error' ? name : undefined) ??
    stringField(e, 'Code') ??
    stringField(e, 'code');
  const message = stringField(e, 'message') ?? stringField(e, 'Message') ?? '';
  const metadata: unknown = Reflect.get(e, '$metadata');
  const statusRaw: unknown =
    typeof metadata === 'object' && metadata !== null ? Reflect.get(metadata, 'httpStatusCode') : undefined;
  const status = typeof statusRaw === 'number' ? statusRaw : undefined;
  return { code, message, status, fault: stringField(e, '$fault') };
}

function matches(text: string, pattern: RegExp | string | undefined): boolean {
  if (pattern === undefined) return true;
  return typeof pattern === 'string' ? text.startsWith(pattern) : pattern.test(text);
}

/**
 * True when `e` is an AWS error with that code (one of those codes) and, if a pattern is given, a message
 * that starts with the string or matches the RegExp.
 */
export function isAwsError(e: unknown, code: string | readonly string[], messagePattern?: RegExp | string) {
  const facts = readFacts(e);
  if (facts.code === undefined) return false;
  const codes: readonly string[] = typeof code === 'string' ? [code] : code;
  return codes.includes(facts.code) && matches(facts.message, messagePattern);
}

/** SageMaker's "Cannot create already existing model|endpoint configuration|endpoint" answer. */
export function isAlreadyExists(e: unknown): boolean {
  return isAwsError(e, [...VALIDATION_CODES, ...IN_USE_CODES], ALREADY_EXISTS);
}

// No domain error names a missing inference component: only describeInferenceComponent meets one, and it
// answers undefined. The message form mirrors the other resources' and is unverified, so both forms count.
const INFERENCE_COMPONENT_MISSING = /^Could not find inference component\b/;

export function isInferenceComponentMissing(e: unknown): boolean {
  return (
    isAwsError(e, [...NOT_FOUND_CODES]) || isAwsError(e, [...VALIDATION_CODES], INFERENCE_COMPONENT_MISSING)
  );
}

function describe(facts: AwsErrorFacts, context: AwsErrorContext | undefined): string {
  const subject = [context?.operation, context?.name].filter((part) => part !== undefined).join(' ');
  const origin = facts.code ?? 'error';
  const detail = facts.message === '' ? origin : `${origin}: ${facts.message}`;
  return subject === '' ? detail : `${subject}: ${detail}`;
}

function notFoundFor(resource: AwsResourceKind | undefined) {
  switch (resource) {
    case 'model':
      return ModelNotFoundError;
    case 'endpoint':
      return EndpointNotFoundError;
    case 'endpoint-config':
      return EndpointConfigNotFoundError;
    default:
      return undefined;
  }
}

/**
 * The named domain error for any thrown value. Errors that already are sm5 errors pass through unchanged;
 * anything unrecognised becomes UnexpectedAwsError, which is permanent so it is never retried blindly.
 */
export function toDomainError(e: unknown, context?: AwsErrorContext): Sm5Error {
  if (isSm5Error(e)) return e;
  const facts = readFacts(e);
  const code = facts.code ?? '';
  const message = describe(facts, context);
  const options = { cause: e };

  if (THROTTLING_CODES.has(code) || facts.status === 429) return new ThrottledError(message, options);

  if (VALIDATION_CODES.has(code)) {
    if (IN_PROGRESS.test(facts.message)) return new EndpointBusyError(message, options);
    for (const [pattern, NotFound] of NOT_FOUND_MESSAGES) {
      if (pattern.test(facts.message)) return new NotFound(message, options);
    }
    // Create methods answer 'exists' themselves; reaching here means a name is taken where we did not expect.
    if (ALREADY_EXISTS.test(facts.message)) return new ResourceConflictError(message, options);
    return new AwsValidationError(message, options);
  }

  if (NOT_FOUND_CODES.has(code)) {
    const fromContext = notFoundFor(context?.resource);
    if (fromContext) return new fromContext(message, options);
    const fromMessage = NOT_FOUND_MESSAGES.find(([pattern]) => pattern.test(facts.message));
    if (fromMessage) return new fromMessage[1](message, options);
    return new UnexpectedAwsError(message, options);
  }

  if (QUOTA_CODES.has(code)) return new QuotaExceededError(message, options);

  if (
    code.startsWith('AccessDenied') ||
    ACCESS_CODES.has(code) ||
    facts.status === 401 ||
    facts.status === 403
  ) {
    return new AccessDeniedError(message, options);
  }

  // A conflict on an endpoint is another writer's update still running: it clears, so wait like "busy".
  // Elsewhere nothing we can wait for is known, so it fails loudly instead of being retried in vain.
  if (CONFLICT_CODES.has(code)) {
    return context?.resource === 'endpoint'
      ? new EndpointBusyError(message, options)
      : new ResourceConflictError(message, options);
  }
  if (IN_USE_CODES.has(code)) {
    if (ALREADY_EXISTS.test(facts.message) || context?.resource !== 'endpoint') {
      return new ResourceConflictError(message, options);
    }
    return new EndpointBusyError(message, options);
  }

  if (
    SERVER_CODES.has(code) ||
    facts.fault === 'server' ||
    (facts.status !== undefined && facts.status >= 500)
  ) {
    return new ServiceUnavailableError(message, options);
  }

  return new UnexpectedAwsError(message, options);
}

/** For an ARN, the SageMaker resource kind it names, so ARN-taking calls get the right NotFound. */
export function resourceKindOfArn(arn: string): AwsResourceKind | undefined {
  const match =
    /^arn:[^:]+:sagemaker:[^:]*:[^:]*:(model|endpoint-config|endpoint|inference-component)\//.exec(arn);
  const kind = match?.[1];
  switch (kind) {
    case 'model':
    case 'endpoint':
    case 'endpoint-config':
    case 'inference-component':
      return kind;
    default:
      return undefined;
  }
}
