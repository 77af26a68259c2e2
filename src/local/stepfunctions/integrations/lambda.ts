/**
 * Local Lambda functions: the handlers a Task's Lambda ARN maps to, invoked with the Lambda event contract
 * (the task's JSON input and a context object) and failing the way the real service reports a function
 * error: the error's `name` is the Step Functions error, the cause is the function's error payload as JSON.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod';
import { type JsonValue, toJson } from '../json.ts';
import type { Scope } from '../names.ts';
import { sdkMetadata } from './sdk-metadata.ts';
import { TaskError } from './task-error.ts';

/** The members of the Lambda Node.js runtime's context object that handlers read. */
export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  getRemainingTimeInMillis(): number;
}

export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

/** Keyed by function ARN or function name. */
export type LambdaHandlers = Readonly<Record<string, LambdaHandler>>;

/** `function:name:qualifier` ARNs resolve by full ARN, then by bare name. */
export function findLambdaHandler(
  handlerSets: readonly LambdaHandlers[],
  functionArnOrName: string,
): LambdaHandler | undefined {
  const name = functionNameOf(functionArnOrName);
  for (const handlers of handlerSets) {
    const handler = handlers[functionArnOrName] ?? handlers[name];
    if (handler !== undefined) return handler;
  }
  return undefined;
}

export function functionNameOf(functionArnOrName: string): string {
  const parts = functionArnOrName.split(':');
  return parts[0] === 'arn' ? (parts[6] ?? functionArnOrName) : functionArnOrName;
}

export interface LambdaInvocation {
  readonly handler: LambdaHandler | undefined;
  readonly functionArn: string;
  readonly payload: JsonValue;
  readonly scope: Scope;
  /** Sandbox-clock milliseconds left, for `getRemainingTimeInMillis`. */
  readonly remainingMillis: () => number;
}

export async function invokeLambda(invocation: LambdaInvocation): Promise<JsonValue> {
  const { handler, functionArn } = invocation;
  const name = functionNameOf(functionArn);
  if (handler === undefined) {
    throw new TaskError(
      'Lambda.ResourceNotFoundException',
      `Function not found: ${functionArn} (Service: AWSLambda; Status Code: 404; ` +
        `Error Code: ResourceNotFoundException; Request ID: ${randomUUID()}; Proxy: null)`,
    );
  }
  const context: LambdaContext = {
    functionName: name,
    functionVersion: '$LATEST',
    invokedFunctionArn: functionArn.startsWith('arn:')
      ? functionArn
      : `arn:aws:lambda:${invocation.scope.region}:${invocation.scope.account}:function:${name}`,
    memoryLimitInMB: '128',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${name}`,
    logStreamName: `${new Date().toISOString().slice(0, 10).replaceAll('-', '/')}/[$LATEST]${randomBytes(16).toString('hex')}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: invocation.remainingMillis,
  };
  // The function sees a copy, as it would after the payload's trip over the wire.
  const event = structuredClone(invocation.payload);
  let result: unknown;
  try {
    result = await handler(event, context);
  } catch (error) {
    throw functionError(error);
  }
  return toJson(result);
}

/** The error payload the Node.js runtime returns for an uncaught exception, as Step Functions reports it. */
function functionError(error: unknown): TaskError {
  const errorType = error instanceof Error ? error.name : 'Error';
  const errorMessage = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? (error.stack ?? '').split('\n') : [];
  // The function's own frames; what called it is the sandbox, which the real service would not show.
  const sandboxFrame = stack.findIndex((line) => line.includes('invokeLambda'));
  const trace = sandboxFrame < 0 ? stack : stack.slice(0, sandboxFrame);
  return new TaskError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

const InvokeParameters = z.looseObject({
  FunctionName: z.string().min(1),
  Payload: z.unknown().optional(),
  Qualifier: z.string().optional(),
});

/**
 * `arn:aws:states:::lambda:invoke`: the same local function, called with `Parameters.Payload`, answered in
 * the Invoke API's shape (`Payload`, `StatusCode`, `ExecutedVersion` plus SDK metadata).
 */
export async function invokeLambdaIntegration(
  parameters: JsonValue,
  scope: Scope,
  lookup: (functionArnOrName: string) => LambdaHandler | undefined,
): Promise<JsonValue> {
  const parsed = InvokeParameters.safeParse(parameters);
  if (!parsed.success) {
    throw new TaskError(
      'Lambda.InvalidParameterValueException',
      `FunctionName is required (Service: AWSLambda; Status Code: 400; Error Code: InvalidParameterValueException; Proxy: null)`,
    );
  }
  const { FunctionName, Payload } = parsed.data;
  const payload = await invokeLambda({
    handler: lookup(FunctionName),
    functionArn: FunctionName,
    payload: toJson(Payload ?? {}),
    scope,
    remainingMillis: () => 900_000,
  });
  const requestId = randomUUID();
  return toJson({
    ExecutedVersion: '$LATEST',
    Payload: payload,
    ...sdkMetadata(requestId, 200, 'application/json'),
    StatusCode: 200,
  });
}
