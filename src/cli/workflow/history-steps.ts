/**
 * An execution history (GetExecutionHistory events) folded into steps: one per state entered, with its
 * input, the parameters and result of its task, the errors of failed attempts, and how it ended.
 * Events are attributed to their state by following previousEventId back to the StateEntered event, which
 * keeps concurrent Map iterations apart.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { parseJsonText } from './loose-json.ts';

export type StepStatus = 'succeeded' | 'caught' | 'failed' | 'aborted' | 'running';

export interface StepFailure {
  readonly error: string;
  readonly cause: string;
}

export interface HistoryStep {
  readonly name: string;
  /** The state type: Task, Pass, Choice, Wait, Map, Succeed, Fail, Parallel. */
  readonly type: string;
  readonly enteredAt: Date | undefined;
  exitedAt: Date | undefined;
  readonly input: unknown;
  output: unknown;
  /** The effective parameters of the last task attempt (after Parameters). */
  parameters: unknown;
  /** What the last successful task attempt returned, before ResultSelector and ResultPath. */
  result: unknown;
  attempts: number;
  readonly failures: StepFailure[];
  lastAttemptFailed: boolean;
  status: StepStatus;
}

export interface FoldedHistory {
  readonly steps: HistoryStep[];
  readonly startedAt: Date | undefined;
  readonly input: unknown;
  /** The execution's own end: its status event, and the error of a failed, aborted or timed-out run. */
  readonly end:
    | { readonly type: string; readonly at: Date | undefined; readonly failure?: StepFailure }
    | undefined;
}

const SCHEDULED = new Set(['TaskScheduled', 'LambdaFunctionScheduled', 'ActivityScheduled']);
const FAILED = new Set([
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'LambdaFunctionFailed',
  'LambdaFunctionTimedOut',
  'LambdaFunctionStartFailed',
  'LambdaFunctionScheduleFailed',
  'ActivityFailed',
  'ActivityTimedOut',
  'ActivityScheduleFailed',
]);
const SUCCEEDED = new Set(['TaskSucceeded', 'LambdaFunctionSucceeded', 'ActivitySucceeded']);
const EXECUTION_END = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);

/** The details member of an event, whatever its type: `taskFailedEventDetails`, `lambdaFunctionFailed...`. */
function detailsOf(event: HistoryEvent): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value));
    }
  }
  return {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function foldHistory(events: readonly HistoryEvent[]): FoldedHistory {
  const stepByEntered = new Map<number, HistoryStep>();
  const owner = new Map<number, HistoryStep | undefined>();
  const steps: HistoryStep[] = [];
  let startedAt: Date | undefined;
  let input: unknown;
  let end: FoldedHistory['end'];

  // Memoised walk back to the StateEntered event; event ids grow, so the memo is filled in order.
  const stepOf = (event: HistoryEvent): HistoryStep | undefined => {
    const previous = event.previousEventId;
    if (previous === undefined) return undefined;
    if (stepByEntered.has(previous)) return stepByEntered.get(previous);
    return owner.get(previous);
  };

  for (const event of events) {
    const type = event.type ?? '';
    const details = detailsOf(event);
    if (type === 'ExecutionStarted') {
      startedAt = event.timestamp;
      input = parseJsonText(text(details.input) || undefined);
      continue;
    }
    if (EXECUTION_END.has(type)) {
      const failure =
        type === 'ExecutionSucceeded'
          ? undefined
          : { error: text(details.error), cause: text(details.cause) };
      end = { type, at: event.timestamp, ...(failure === undefined ? {} : { failure }) };
      continue;
    }
    if (type.endsWith('StateEntered')) {
      // A state left through a Catch may have no StateExited: the next state's entry follows its failure.
      const left = stepOf(event);
      if (left !== undefined && left.exitedAt === undefined && left.lastAttemptFailed) {
        left.exitedAt = event.timestamp;
        left.status = 'caught';
      }
      const step: HistoryStep = {
        name: text(event.stateEnteredEventDetails?.name),
        type: type.slice(0, -'StateEntered'.length),
        enteredAt: event.timestamp,
        exitedAt: undefined,
        input: parseJsonText(event.stateEnteredEventDetails?.input),
        output: undefined,
        parameters: undefined,
        result: undefined,
        attempts: 0,
        failures: [],
        lastAttemptFailed: false,
        status: 'running',
      };
      steps.push(step);
      if (event.id !== undefined) stepByEntered.set(event.id, step);
      continue;
    }
    const step = stepOf(event);
    if (event.id !== undefined) owner.set(event.id, step);
    if (step === undefined) continue;
    if (type.endsWith('StateExited')) {
      step.exitedAt = event.timestamp;
      step.output = parseJsonText(event.stateExitedEventDetails?.output);
      step.status = step.lastAttemptFailed ? 'caught' : 'succeeded';
    } else if (SCHEDULED.has(type)) {
      step.attempts += 1;
      step.parameters = parseJsonText(text(details.parameters ?? details.input) || undefined);
      step.lastAttemptFailed = false;
    } else if (FAILED.has(type)) {
      step.failures.push({ error: text(details.error), cause: text(details.cause) });
      step.lastAttemptFailed = true;
    } else if (SUCCEEDED.has(type)) {
      step.result = parseJsonText(text(details.output) || undefined);
      step.lastAttemptFailed = false;
    } else if (type === 'MapStateFailed' || type === 'ParallelStateFailed') {
      step.lastAttemptFailed = true;
    }
  }

  for (const step of steps) {
    if (step.exitedAt !== undefined || end === undefined) continue;
    if (end.type === 'ExecutionSucceeded') step.status = 'succeeded';
    else step.status = end.type === 'ExecutionAborted' ? 'aborted' : 'failed';
  }
  return { steps, startedAt, input, end };
}
