/**
 * Runs one Task (or Wait) state entry for aws-local-stepfunctions' local-handler override: the attempts,
 * their timeouts and heartbeats on the sandbox clock, the Retry policy, the callback wait, and the history
 * events the real service writes for each attempt.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { HistoryEventType, SFNClient } from '@aws-sdk/client-sfn';
import type { SandboxClock } from '../clock.ts';
import type { StateInfo } from './definition.ts';
import type { EventDetails, History } from './history.ts';
import { callDynamoDb } from './integrations/dynamodb.ts';
import { invokeLambda, invokeLambdaIntegration, type LambdaHandler } from './integrations/lambda.ts';
import { callSdk } from './integrations/sdk.ts';
import type { Outbox } from './integrations/sns.ts';
import { TaskError } from './integrations/task-error.ts';
import type { JsonValue } from './json.ts';
import type { TimeoutErrorFactory } from './library-timeout.ts';
import type { Scope } from './names.ts';
import { readReferencePath } from './reference-path.ts';
import { integrationName, type TaskResource, waitsForTaskToken } from './resources.ts';
import { nextRetryDelay, parseRetriers, TIMEOUT_ERRORS } from './retry.ts';
import type { TaskTokens } from './task-tokens.ts';
import { onDeadline, settle, sleepOnClock } from './timing.ts';

export interface TaskEnvironment {
  readonly clock: SandboxClock;
  readonly scope: Scope;
  readonly executionArn: string;
  /** Aborts when the execution ends (stopped, timed out): pending waits give up. */
  readonly signal: AbortSignal;
  readonly history: History;
  readonly tokens: TaskTokens;
  readonly outbox: Outbox;
  /** The context object (`$$`) without the task token, for reference paths. */
  readonly context: JsonValue;
  readonly timeoutError: TimeoutErrorFactory;
  dynamoDb(): DynamoDBClient;
  /** A client of the sandbox's own Step Functions, for the aws-sdk:sfn integration. */
  sfn(): SFNClient;
  lambda(functionArnOrName: string): LambdaHandler | undefined;
}

/** The state entry a task runs for: the history thread it belongs to and the state's raw input. */
export interface StateEntry {
  readonly thread: string;
  readonly input: JsonValue;
}

export async function runWait(env: TaskEnvironment, state: StateInfo, input: JsonValue): Promise<JsonValue> {
  await sleepOnClock(env.clock, waitSeconds(env, state, input), env.signal);
  return input;
}

function waitSeconds(env: TaskEnvironment, state: StateInfo, input: JsonValue): number {
  const { Seconds, Timestamp, SecondsPath, TimestampPath } = state.definition;
  if (typeof Seconds === 'number') return Seconds;
  if (typeof Timestamp === 'string') return secondsUntil(env.clock, Timestamp);
  if (typeof SecondsPath === 'string') {
    const seconds = readReferencePath(SecondsPath, input, env.context);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new TaskError(
        'States.Runtime',
        `The SecondsPath '${SecondsPath}' does not reference a non-negative integer`,
      );
    }
    return seconds;
  }
  if (typeof TimestampPath === 'string') {
    const timestamp = readReferencePath(TimestampPath, input, env.context);
    if (typeof timestamp !== 'string' || Number.isNaN(Date.parse(timestamp))) {
      throw new TaskError(
        'States.Runtime',
        `The TimestampPath '${TimestampPath}' does not reference a timestamp`,
      );
    }
    return secondsUntil(env.clock, timestamp);
  }
  throw new TaskError('States.Runtime', `Wait state '${state.name}' has no duration`);
}

function secondsUntil(clock: SandboxClock, timestamp: string): number {
  return Math.max(0, (Date.parse(timestamp) - clock.now()) / 1000);
}

export async function runTask(
  env: TaskEnvironment,
  state: StateInfo,
  entry: StateEntry,
  input: JsonValue,
  token: string | undefined,
): Promise<JsonValue> {
  const resource = state.resource;
  if (resource === undefined) throw new TaskError('States.Runtime', `State '${state.name}' has no resource`);
  const retriers = parseRetriers(state.definition.Retry);
  const attempts = retriers.map(() => 0);
  const limits = {
    timeoutSeconds: secondsField(env, state, 'TimeoutSeconds', entry.input),
    heartbeatSeconds: secondsField(env, state, 'HeartbeatSeconds', entry.input),
  };
  let attemptInput = input;
  let attemptToken = token ?? (waitsForTaskToken(resource) ? env.tokens.mint() : undefined);
  for (;;) {
    try {
      return await runAttempt(env, state, resource, entry.thread, attemptInput, attemptToken, limits);
    } catch (error) {
      const failure = error instanceof Error ? error : new TaskError('States.TaskFailed', String(error));
      const delay = env.signal.aborted ? undefined : nextRetryDelay(retriers, attempts, failure.name);
      if (delay === undefined) throw failure;
      await sleepOnClock(env.clock, delay, env.signal);
      // Each attempt is a new task with its own token; the input already embeds the previous one.
      if (attemptToken !== undefined) {
        const fresh = env.tokens.mint();
        attemptInput = JSON.parse(JSON.stringify(attemptInput).replaceAll(attemptToken, fresh));
        attemptToken = fresh;
      }
    }
  }
}

function secondsField(
  env: TaskEnvironment,
  state: StateInfo,
  field: 'TimeoutSeconds' | 'HeartbeatSeconds',
  rawInput: JsonValue,
): number | undefined {
  const fixed = state.definition[field];
  if (typeof fixed === 'number') return fixed;
  const path = state.definition[`${field}Path`];
  if (typeof path !== 'string') return undefined;
  const value = readReferencePath(path, rawInput, env.context);
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TaskError('States.Runtime', `The ${field}Path '${path}' does not reference a positive integer`);
  }
  return value;
}

interface Limits {
  readonly timeoutSeconds: number | undefined;
  readonly heartbeatSeconds: number | undefined;
}

/** One attempt of a task: what it runs on, and how it writes its events to the entry's history thread. */
interface Attempt {
  readonly env: TaskEnvironment;
  readonly state: StateInfo;
  readonly input: JsonValue;
  readonly token: string | undefined;
  readonly limits: Limits;
  /** Sandbox-clock milliseconds when TimeoutSeconds runs out. */
  readonly timeoutAt: number | undefined;
  timedOut(): Error;
  record(type: HistoryEventType, details?: EventDetails): void;
}

const NOT_TRUNCATED = { truncated: false } as const;

function runAttempt(
  env: TaskEnvironment,
  state: StateInfo,
  resource: TaskResource,
  thread: string,
  input: JsonValue,
  token: string | undefined,
  limits: Limits,
): Promise<JsonValue> {
  const { timeoutSeconds } = limits;
  const attempt: Attempt = {
    env,
    state,
    input,
    token,
    limits,
    timeoutAt: timeoutSeconds === undefined ? undefined : env.clock.now() + timeoutSeconds * 1000,
    timedOut: () =>
      env.timeoutError(
        'States.Timeout',
        `The task did not finish within its TimeoutSeconds (${timeoutSeconds} s)`,
      ),
    record: (type, details) => {
      env.history.add(type, details, thread);
    },
  };
  return resource.kind === 'lambda'
    ? lambdaAttempt(attempt, resource.functionArn)
    : integrationAttempt(attempt, resource);
}

/** A direct Lambda ARN: `LambdaFunction*` events. */
function lambdaAttempt(attempt: Attempt, functionArn: string): Promise<JsonValue> {
  const { env, input, limits, timeoutAt, record } = attempt;
  record('LambdaFunctionScheduled', {
    lambdaFunctionScheduledEventDetails: {
      resource: functionArn,
      input: JSON.stringify(input),
      inputDetails: NOT_TRUNCATED,
      timeoutInSeconds: limits.timeoutSeconds,
    },
  });
  record('LambdaFunctionStarted');
  const invocation = invokeLambda({
    handler: env.lambda(functionArn),
    functionArn,
    payload: input,
    scope: env.scope,
    remainingMillis: () => (timeoutAt === undefined ? 900_000 : timeoutAt - env.clock.now()),
  });
  return settleAttempt(withDeadline(env.clock, invocation, timeoutAt, attempt.timedOut), {
    succeeded: (output) =>
      record('LambdaFunctionSucceeded', {
        lambdaFunctionSucceededEventDetails: { output: JSON.stringify(output), outputDetails: NOT_TRUNCATED },
      }),
    failed: (error, cause) =>
      TIMEOUT_ERRORS.has(error)
        ? record('LambdaFunctionTimedOut', { lambdaFunctionTimedOutEventDetails: { error, cause } })
        : record('LambdaFunctionFailed', { lambdaFunctionFailedEventDetails: { error, cause } }),
  });
}

/** An optimized integration: `Task*` events, with `TaskSubmitted` before a callback wait. */
function integrationAttempt(attempt: Attempt, resource: TaskResource): Promise<JsonValue> {
  const { env, state, input, token, limits, timeoutAt, record } = attempt;
  const names = integrationName(resource);
  record('TaskScheduled', {
    taskScheduledEventDetails: {
      ...names,
      region: env.scope.region,
      parameters: JSON.stringify(input),
      timeoutInSeconds: limits.timeoutSeconds,
      heartbeatInSeconds: limits.heartbeatSeconds,
    },
  });
  record('TaskStarted', { taskStartedEventDetails: names });
  const work = async (): Promise<JsonValue> => {
    // The token is live from the moment the task starts: whoever reads the message may answer at once.
    const callback =
      waitsForTaskToken(resource) && token !== undefined
        ? openCallback(env, state, input, token, timeoutAt, attempt.timedOut, limits.heartbeatSeconds)
        : undefined;
    let submitted: JsonValue;
    try {
      const call = callIntegration(env, state, resource, input, token);
      submitted = await withDeadline(env.clock, call, timeoutAt, attempt.timedOut);
    } catch (error) {
      callback?.cancel();
      throw error;
    }
    if (callback === undefined) return submitted;
    await settle();
    record('TaskSubmitted', {
      taskSubmittedEventDetails: {
        ...names,
        output: JSON.stringify(submitted),
        outputDetails: NOT_TRUNCATED,
      },
    });
    return callback.result;
  };
  return settleAttempt(work(), {
    succeeded: (output) =>
      record('TaskSucceeded', {
        taskSucceededEventDetails: { ...names, output: JSON.stringify(output), outputDetails: NOT_TRUNCATED },
      }),
    failed: (error, cause) =>
      TIMEOUT_ERRORS.has(error)
        ? record('TaskTimedOut', { taskTimedOutEventDetails: { ...names, error, cause } })
        : record('TaskFailed', { taskFailedEventDetails: { ...names, error: error || undefined, cause } }),
  });
}

interface AttemptOutcome {
  succeeded(output: JsonValue): void;
  failed(error: string, cause: string): void;
}

// Records the attempt's last event once the history has caught up with the library's events (so that, in a
// Map, concurrent iterations' events stay in order), then hands the result or error back to the library.
async function settleAttempt(work: Promise<JsonValue>, outcome: AttemptOutcome): Promise<JsonValue> {
  let output: JsonValue;
  try {
    output = await work;
  } catch (error) {
    const failure = error instanceof Error ? error : new TaskError('States.TaskFailed', String(error));
    await settle();
    outcome.failed(failure.name, failure.message);
    throw failure;
  }
  await settle();
  outcome.succeeded(output);
  return output;
}

function callIntegration(
  env: TaskEnvironment,
  state: StateInfo,
  resource: TaskResource,
  input: JsonValue,
  token: string | undefined,
): Promise<JsonValue> {
  switch (resource.kind) {
    case 'dynamodb':
      return callDynamoDb(env.dynamoDb(), resource.action, input);
    case 'sdk':
      return callSdk(env, resource.service, resource.action, input);
    case 'sns-publish':
      return Promise.resolve().then(() =>
        env.outbox.publish(input, {
          executionArn: env.executionArn,
          stateName: state.name,
          taskToken: resource.waitForTaskToken ? token : undefined,
          now: env.clock.now(),
        }),
      );
    case 'lambda-invoke':
      return invokeLambdaIntegration(input, env.scope, (name) => env.lambda(name));
    case 'lambda':
      return Promise.reject(new TaskError('States.Runtime', 'Lambda ARNs are invoked directly'));
  }
}

interface Callback {
  /** Settles with SendTaskSuccess's output, or rejects with the failure, timeout or heartbeat timeout. */
  readonly result: Promise<JsonValue>;
  /** Gives the token up (the message could not be sent). */
  cancel(): void;
}

function openCallback(
  env: TaskEnvironment,
  state: StateInfo,
  input: JsonValue,
  token: string,
  timeoutAt: number | undefined,
  timedOut: () => Error,
  heartbeatSeconds: number | undefined,
): Callback {
  let cancelHeartbeat = (): void => {};
  const armHeartbeat = (): void => {
    cancelHeartbeat();
    if (heartbeatSeconds === undefined) return;
    cancelHeartbeat = onDeadline(env.clock, env.clock.now() + heartbeatSeconds * 1000, () =>
      env.tokens.expire(
        token,
        env.timeoutError(
          'States.HeartbeatTimeout',
          `No heartbeat within HeartbeatSeconds (${heartbeatSeconds} s)`,
        ),
      ),
    );
  };
  const waiting = env.tokens.wait(
    {
      token,
      executionArn: env.executionArn,
      stateName: state.name,
      resource: typeof state.definition.Resource === 'string' ? state.definition.Resource : '',
      input,
      since: env.clock.now(),
    },
    armHeartbeat,
  );
  armHeartbeat();
  const cancelTimeout =
    timeoutAt === undefined
      ? () => {}
      : onDeadline(env.clock, timeoutAt, () => env.tokens.expire(token, timedOut()));
  const onAbort = (): void =>
    env.tokens.expire(token, new TaskError('States.Runtime', 'The execution ended'));
  env.signal.addEventListener('abort', onAbort, { once: true });
  const result = waiting.finally(() => {
    cancelHeartbeat();
    cancelTimeout();
    env.signal.removeEventListener('abort', onAbort);
  });
  // Cancelled callbacks are never awaited; their rejection is expected.
  result.catch(() => {});
  return {
    result,
    cancel: () => env.tokens.expire(token, new TaskError('States.Runtime', 'The task was not submitted')),
  };
}

/** `work`, or the error from `timedOut` if the sandbox clock reaches `atMs` first. */
function withDeadline<T>(
  clock: SandboxClock,
  work: Promise<T>,
  atMs: number | undefined,
  timedOut: () => Error,
): Promise<T> {
  if (atMs === undefined) return work;
  return new Promise((resolve, reject) => {
    const cancel = onDeadline(clock, atMs, () => reject(timedOut()));
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });
}
