/**
 * One execution: runs the state machine with aws-local-stepfunctions in the background, turns the library's
 * event log and the task runner's events into the service's history, and holds what DescribeExecution shows.
 */
import './polyfill.ts';
import type { HistoryEventType, MapStateStartedEventDetails } from '@aws-sdk/client-sfn';
import { ExecutionError, type StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import {
  type PreparedDefinition,
  SANDBOX_START_TIME_FIELD,
  type StateInfo,
  type StateType,
} from './definition.ts';
import { History, ROOT_THREAD } from './history.ts';
import { TaskError } from './integrations/task-error.ts';
import { type JsonObject, type JsonValue, parseJson } from './json.ts';
import { runTask, runWait, type StateEntry, type TaskEnvironment } from './task-runner.ts';
import type { TaskTokens } from './task-tokens.ts';
import { onDeadline, settle } from './timing.ts';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface MachineRef {
  readonly arn: string;
  readonly name: string;
  readonly roleArn: string;
  readonly definition: PreparedDefinition;
  readonly runner: LocalStateMachine;
}

/** What an execution needs from the engine, minus what is specific to the execution. */
export type ExecutionEnvironment = Omit<TaskEnvironment, 'executionArn' | 'signal' | 'history' | 'context'>;

type LibraryRun = ReturnType<LocalStateMachine['run']>;
type LibraryEvent = LibraryRun['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

type Outcome =
  | { readonly status: 'SUCCEEDED'; readonly output: JsonValue }
  | { readonly status: 'FAILED' | 'ABORTED' | 'TIMED_OUT'; readonly error?: string; readonly cause?: string };

interface OpenState {
  readonly name: string;
  readonly type: StateType;
  readonly thread: string;
}

const ABORTABLE: Partial<Record<StateType, HistoryEventType>> = {
  Task: 'TaskStateAborted',
  Wait: 'WaitStateAborted',
  Map: 'MapStateAborted',
  Parallel: 'ParallelStateAborted',
};

/** The Task.Token context member: a fresh token for each task that reads it (see `claim`). */
class TokenSource {
  private current: string | undefined;
  readonly context: { readonly Token: string };

  constructor(tokens: TaskTokens) {
    const source = this;
    this.context = {
      get Token(): string {
        source.current ??= tokens.mint();
        return source.current;
      },
    };
  }

  /**
   * The library evaluates a Task's Parameters and calls its local handler in one synchronous stretch, so the
   * token read while building the parameters is the one the handler claims first thing.
   */
  claim(): string | undefined {
    const token = this.current;
    this.current = undefined;
    return token;
  }
}

export class Execution {
  readonly history: History;
  status: ExecutionStatus = 'RUNNING';
  stopDate: number | undefined;
  output: string | undefined;
  error: string | undefined;
  cause: string | undefined;
  /** Resolves when the execution has ended and its last history event is written. */
  readonly finished: Promise<void>;

  private readonly controller = new AbortController();
  private stopRequest: Outcome | undefined;
  private abortRun: () => void = () => {};
  private markFinished: () => void = () => {};
  private readonly entries = new Map<string, StateEntry[]>();
  private readonly open: OpenState[] = [];
  private readonly mapLengths = new Map<string, MapStateStartedEventDetails>();
  private readonly failed = new Set<string>();

  constructor(
    private readonly env: ExecutionEnvironment,
    readonly machine: MachineRef,
    readonly arn: string,
    readonly name: string,
    readonly input: string,
    readonly startDate: number,
    /** Creation order among all executions. */
    readonly seq: number,
  ) {
    this.history = new History(env.clock);
    this.finished = new Promise((resolve) => {
      this.markFinished = resolve;
    });
  }

  /** Starts the run in the background. */
  start(): void {
    void this.run();
  }

  /** StopExecution: ends a running execution as ABORTED; resolves once its history is closed. */
  async stop(error?: string, cause?: string): Promise<void> {
    this.terminate({ status: 'ABORTED', error, cause });
    await this.finished;
  }

  private terminate(outcome: Outcome): void {
    if (this.status !== 'RUNNING' || this.stopRequest !== undefined) return;
    this.stopRequest = outcome;
    this.controller.abort();
    this.abortRun();
  }

  private async run(): Promise<void> {
    const { machine, env } = this;
    this.history.add('ExecutionStarted', {
      executionStartedEventDetails: {
        input: this.input,
        inputDetails: { truncated: false },
        roleArn: machine.roleArn,
      },
    });
    const startTime = new Date(this.startDate).toISOString();
    const context: JsonObject = {
      Execution: {
        Id: this.arn,
        Name: this.name,
        StartTime: startTime,
        RoleArn: machine.roleArn,
        [SANDBOX_START_TIME_FIELD]: startTime,
      },
      StateMachine: { Id: machine.arn, Name: machine.name },
    };
    const tokens = new TokenSource(env.tokens);
    const taskEnv: TaskEnvironment = {
      ...env,
      executionArn: this.arn,
      signal: this.controller.signal,
      history: this.history,
      context,
    };
    const handlers: Record<string, (input: JsonValue) => Promise<JsonValue>> = {};
    const retryIntervals: Record<string, number> = {};
    for (const state of machine.definition.states.values()) {
      if (state.type === 'Task' || state.type === 'Wait') {
        handlers[state.name] = (input) => this.runState(taskEnv, state, input, tokens.claim());
      }
      // Map and Parallel retries stay with the library; on the virtual clock they do not wait.
      if (env.clock.mode === 'virtual' && state.definition.Retry !== undefined)
        retryIntervals[state.name] = 0;
    }

    const run = machine.runner.run(parseJson(this.input), {
      overrides: { taskResourceLocalHandlers: handlers, retryIntervalOverrides: retryIntervals },
      context: { ...context, Task: tokens.context },
    });
    this.abortRun = run.abort;
    const recorded = this.recordLibraryEvents(run.eventLogs);
    const { timeoutSeconds } = machine.definition;
    const cancelTimeout =
      timeoutSeconds === undefined
        ? () => {}
        : onDeadline(env.clock, this.startDate + timeoutSeconds * 1000, () =>
            this.terminate({
              status: 'TIMED_OUT',
              error: 'States.Timeout',
              cause: `The execution ran longer than the state machine's TimeoutSeconds (${timeoutSeconds} s)`,
            }),
          );

    let outcome: Outcome;
    try {
      outcome = { status: 'SUCCEEDED', output: await run.result };
    } catch (error) {
      outcome = this.stopRequest ?? this.failureOf(error);
    }
    cancelTimeout();
    await recorded;
    this.finish(outcome);
  }

  private async runState(
    env: TaskEnvironment,
    state: StateInfo,
    input: JsonValue,
    token: string | undefined,
  ): Promise<JsonValue> {
    await settle();
    if (this.controller.signal.aborted) throw new TaskError('States.Runtime', 'The execution has ended');
    if (state.type === 'Wait') return runWait(env, state, input);
    const entry = this.entries.get(state.name)?.shift() ?? { thread: ROOT_THREAD, input };
    return runTask(env, state, entry, input, token);
  }

  private failureOf(error: unknown): Outcome {
    if (!(error instanceof ExecutionError) || !(error.cause instanceof Error)) {
      return { status: 'FAILED', error: 'States.Runtime', cause: String(error) };
    }
    const failure = error.cause;
    const last = this.history.last();
    const failState =
      last?.type === 'FailStateEntered'
        ? this.machine.definition.states.get(last.stateEnteredEventDetails?.name ?? '')
        : undefined;
    if (failState === undefined) return { status: 'FAILED', error: failure.name, cause: failure.message };
    // A Fail state without Error or Cause fails the execution without them; the library fills in defaults.
    const written = failState.definition;
    return {
      status: 'FAILED',
      error: written.Error !== undefined || written.ErrorPath !== undefined ? failure.name : undefined,
      cause: written.Cause !== undefined || written.CausePath !== undefined ? failure.message : undefined,
    };
  }

  private finish(outcome: Outcome): void {
    if (outcome.status === 'ABORTED') {
      for (const state of [...this.open].reverse()) {
        const type = ABORTABLE[state.type];
        if (type !== undefined) this.history.add(type, {}, state.thread);
      }
    }
    this.stopDate = this.env.clock.now();
    this.status = outcome.status;
    if (outcome.status === 'SUCCEEDED') {
      this.output = JSON.stringify(outcome.output);
      this.history.close('ExecutionSucceeded', {
        executionSucceededEventDetails: { output: this.output, outputDetails: { truncated: false } },
      });
    } else {
      this.error = outcome.error;
      this.cause = outcome.cause;
      const details = { error: outcome.error, cause: outcome.cause };
      if (outcome.status === 'FAILED')
        this.history.close('ExecutionFailed', { executionFailedEventDetails: details });
      if (outcome.status === 'ABORTED') {
        this.history.close('ExecutionAborted', { executionAbortedEventDetails: details });
      }
      if (outcome.status === 'TIMED_OUT') {
        this.history.close('ExecutionTimedOut', { executionTimedOutEventDetails: details });
      }
    }
    this.controller.abort();
    this.markFinished();
  }

  private async recordLibraryEvents(events: LibraryRun['eventLogs']): Promise<void> {
    for await (const event of events) this.record(event);
  }

  private record(event: LibraryEvent): void {
    const thread =
      'index' in event && typeof event.index === 'number' ? `iteration:${event.index}` : ROOT_THREAD;
    switch (event.type) {
      case 'StateEntered':
        this.stateEntered(event.state.name, event.state.input, thread);
        return;
      case 'StateExited':
        this.stateExited(event.state.name, event.state.output ?? null, thread);
        return;
      case 'StateFailed':
        this.stateFailed(event.state.name, thread);
        return;
      case 'MapIterationStarted': {
        const details = this.mapLengths.get(event.parentState.name);
        if (details !== undefined) details.length = (details.length ?? 0) + 1;
        this.mapIteration('MapIterationStarted', event.parentState.name, event.index);
        return;
      }
      case 'MapIterationSucceeded':
      case 'MapIterationFailed':
        this.mapIteration(event.type, event.parentState.name, event.index);
        return;
      default:
        return;
    }
  }

  private stateEntered(name: string, input: JsonValue, thread: string): void {
    const state = this.machine.definition.states.get(name);
    if (state === undefined) return;
    this.history.add(
      `${state.type}StateEntered`,
      {
        stateEnteredEventDetails: { name, input: JSON.stringify(input), inputDetails: { truncated: false } },
      },
      thread,
    );
    this.open.push({ name, type: state.type, thread });
    this.failed.delete(`${name}@${thread}`);
    if (state.type === 'Task') {
      const queue = this.entries.get(name) ?? [];
      queue.push({ thread, input });
      this.entries.set(name, queue);
    }
    if (state.type === 'Map') {
      // The item count is known only as iterations start: it grows with each MapIterationStarted.
      const details: MapStateStartedEventDetails = { length: 0 };
      this.mapLengths.set(name, details);
      this.history.add('MapStateStarted', { mapStateStartedEventDetails: details }, thread);
    }
    if (state.type === 'Parallel') this.history.add('ParallelStateStarted', {}, thread);
  }

  private stateExited(name: string, output: JsonValue, thread: string): void {
    const state = this.machine.definition.states.get(name);
    if (state === undefined || state.type === 'Fail') return;
    const failed = this.failed.has(`${name}@${thread}`);
    if (state.type === 'Map' && !failed) this.history.add('MapStateSucceeded', {}, thread);
    if (state.type === 'Parallel' && !failed) this.history.add('ParallelStateSucceeded', {}, thread);
    this.history.add(
      `${state.type}StateExited`,
      {
        stateExitedEventDetails: {
          name,
          output: JSON.stringify(output),
          outputDetails: { truncated: false },
        },
      },
      thread,
    );
    const index = this.open.findIndex((open) => open.name === name && open.thread === thread);
    if (index >= 0) this.open.splice(index, 1);
    this.dropUnclaimedEntry(name, thread);
  }

  // A Task whose Parameters fail never reaches its handler; its entry must not be taken by the next one.
  private dropUnclaimedEntry(name: string, thread: string): void {
    const queue = this.entries.get(name);
    if (queue !== undefined)
      this.entries.set(
        name,
        queue.filter((entry) => entry.thread !== thread),
      );
  }

  private stateFailed(name: string, thread: string): void {
    const state = this.machine.definition.states.get(name);
    if (state?.type === 'Map') this.history.add('MapStateFailed', {}, thread);
    if (state?.type === 'Parallel') this.history.add('ParallelStateFailed', {}, thread);
    this.failed.add(`${name}@${thread}`);
    this.dropUnclaimedEntry(name, thread);
  }

  private mapIteration(
    type: 'MapIterationStarted' | 'MapIterationSucceeded' | 'MapIterationFailed',
    mapName: string,
    index: number,
  ): void {
    const key = {
      MapIterationStarted: 'mapIterationStartedEventDetails',
      MapIterationSucceeded: 'mapIterationSucceededEventDetails',
      MapIterationFailed: 'mapIterationFailedEventDetails',
    } as const;
    this.history.add(type, { [key[type]]: { name: mapName, index } });
  }
}
