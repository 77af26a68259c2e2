/**
 * The contract between the sandbox's single HTTP server and the services it emulates, plus the wire
 * helpers every AWS JSON service needs. A service only turns a request into a response; the server does
 * routing, faults (latency, rate limits, scripted errors) and the request log for all of them alike.
 */
import { randomUUID } from 'node:crypto';

export interface SandboxRequest {
  readonly method: string;
  /** The path without the query string, e.g. `/` for JSON RPC services, `/findings/batchupdate` for REST. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Header names lowercased. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** The `X-Amz-Target` header when present, e.g. `SageMaker.CreateModel`. */
  readonly target?: string;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface SandboxService {
  /** Short lowercase name used in the request log and to address faults: `sagemaker`, `securityhub`, ... */
  readonly name: string;
  matches(req: SandboxRequest): boolean;
  /** The operation name for the log and the faults (`CreateModel`); may be a name the service rejects. */
  operationOf(req: SandboxRequest): string;
  handle(req: SandboxRequest): Promise<SandboxResponse>;
  /** Renders an error in the service's own protocol; defaults to AWS JSON 1.1. */
  renderError?(error: ServiceError): SandboxResponse;
  /** The error this service answers when a rate limit fault trips; defaults to ThrottlingException. */
  throttlingError?(): ServiceError;
}

/** An AWS error to send back to the client; throw it from a handler. */
export class ServiceError extends Error {
  override readonly name = 'ServiceError' as const;
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function validationError(message: string): ServiceError {
  return new ServiceError('ValidationException', message);
}

export function throttlingError(): ServiceError {
  return new ServiceError('ThrottlingException', 'Rate exceeded');
}

export type AwsJsonVersion = '1.0' | '1.1';

function baseHeaders(contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'x-amzn-requestid': randomUUID() };
}

/** A successful AWS JSON RPC answer. `undefined` means an operation without output: an empty body. */
export function awsJsonResponse(body: unknown, version: AwsJsonVersion = '1.1'): SandboxResponse {
  return {
    status: 200,
    headers: baseHeaders(`application/x-amz-json-${version}`),
    body: body === undefined ? '' : JSON.stringify(body),
  };
}

/** The AWS JSON error shape: HTTP 4xx/5xx with `{"__type": code, "message": text}`. */
export function awsJsonError(
  status: number,
  code: string,
  message: string,
  version: AwsJsonVersion = '1.1',
): SandboxResponse {
  return {
    status,
    headers: baseHeaders(`application/x-amz-json-${version}`),
    body: JSON.stringify({ __type: code, message }),
  };
}

/** REST JSON services (Security Hub) carry the code in a header and the text in the body. */
export function restJsonResponse(status: number, body: unknown): SandboxResponse {
  return { status, headers: baseHeaders('application/json'), body: JSON.stringify(body) };
}

export function restJsonError(status: number, code: string, message: string): SandboxResponse {
  return {
    status,
    headers: { ...baseHeaders('application/json'), 'x-amzn-errortype': code },
    body: JSON.stringify({ message, Message: message, Code: code }),
  };
}

// Coral (the framework behind AWS JSON services) answers these with its namespace in `__type`; the SDKs
// strip everything up to '#', so clients see `UnknownOperationException` / `SerializationException`.
export const UNKNOWN_OPERATION = 'com.amazon.coral.service#UnknownOperationException';
export const SERIALIZATION_EXCEPTION = 'com.amazon.coral.service#SerializationException';

/** Parses a JSON RPC body: `{}` when empty, a SerializationException when it is not a JSON object. */
export function parseJsonBody(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new ServiceError(SERIALIZATION_EXCEPTION, 'Could not parse the request body as JSON');
  }
  if (!isRecord(parsed)) {
    throw new ServiceError(SERIALIZATION_EXCEPTION, 'Start of structure or map expected');
  }
  return parsed;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export type JsonRpcHandler = (input: Record<string, unknown>) => unknown;

export interface JsonRpcServiceOptions {
  readonly name: string;
  /** `SageMaker`, `AWSStepFunctions`, `DynamoDB_20120810`, ... */
  readonly targetPrefix: string;
  readonly version: AwsJsonVersion;
  /** Handlers return the output object, or `undefined` for operations without output. */
  readonly operations: Readonly<Record<string, JsonRpcHandler>>;
}

/** A SandboxService for an AWS JSON 1.0/1.1 protocol (`X-Amz-Target: <prefix>.<Operation>`). */
export function jsonRpcService(options: JsonRpcServiceOptions): SandboxService {
  const prefix = `${options.targetPrefix}.`;
  const operationOf = (req: SandboxRequest): string => (req.target ?? '').slice(prefix.length);
  return {
    name: options.name,
    matches: (req) => req.target?.startsWith(prefix) === true,
    operationOf,
    async handle(req) {
      const operation = operationOf(req);
      const handler = Object.hasOwn(options.operations, operation)
        ? options.operations[operation]
        : undefined;
      if (handler === undefined) {
        throw new ServiceError(UNKNOWN_OPERATION, `Operation ${req.target ?? ''} is not supported.`);
      }
      const output = await handler(parseJsonBody(req.body));
      return awsJsonResponse(output, options.version);
    },
    renderError: (error) => awsJsonError(error.status, error.code, error.message, options.version),
  };
}
