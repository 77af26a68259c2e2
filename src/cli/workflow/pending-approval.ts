/**
 * The approval an execution is waiting for, read from its history. In a real account the task token
 * reaches people only inside the SNS message; but the RequestApproval state builds that message from
 * `$$.Task.Token` in its Parameters, and Step Functions records the evaluated Parameters in the
 * TaskScheduled event (GetExecutionHistory with execution data). So whoever may read the history
 * (states:GetExecutionHistory) can answer the approval, with no access to the topic's subscribers.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { isRecord } from './loose-json.ts';

export interface PendingApproval {
  /** The Task state waiting, e.g. `RequestApproval`. */
  readonly stateName: string;
  readonly token: string;
  readonly requestedAt: Date | undefined;
  readonly timeoutSeconds: number | undefined;
  /** The message sent to approvers (the plan summary), parsed when it is JSON, without the token. */
  readonly message: unknown;
}

const CLOSED_EXECUTION = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionAborted',
  'ExecutionTimedOut',
]);
const TASK_PROGRESS = new Set(['TaskStarted', 'TaskSubmitted']);
const TASK_END = new Set([
  'TaskSucceeded',
  'TaskFailed',
  'TaskTimedOut',
  'TaskStartFailed',
  'TaskSubmitFailed',
  'TaskStateAborted',
]);

function parseJsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The first `taskToken` (any case) in the parameters, looking inside JSON strings such as an SNS Message. */
export function findTaskToken(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const parsed = parseJsonObject(value);
    return parsed === undefined ? undefined : findTaskToken(parsed);
  }
  if (Array.isArray(value)) {
    for (const item of value) {
      const token = findTaskToken(item);
      if (token !== undefined) return token;
    }
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  for (const [key, child] of Object.entries(value)) {
    if (key.toLowerCase() === 'tasktoken' && typeof child === 'string' && child !== '') return child;
  }
  for (const child of Object.values(value)) {
    const token = findTaskToken(child);
    if (token !== undefined) return token;
  }
  return undefined;
}

/** What approvers were sent: the Message (parsed when JSON), minus the token itself. */
function messageOf(parameters: Record<string, unknown>): unknown {
  const raw = parameters.Message ?? parameters.message;
  const parsed = typeof raw === 'string' ? (parseJsonObject(raw) ?? raw) : raw;
  if (!isRecord(parsed)) return parsed;
  return Object.fromEntries(Object.entries(parsed).filter(([key]) => key.toLowerCase() !== 'tasktoken'));
}

/** Walks back along previousEventId to the event that entered the state this event belongs to. */
function enteringEvent(
  event: HistoryEvent,
  byId: ReadonlyMap<number, HistoryEvent>,
): HistoryEvent | undefined {
  let current: HistoryEvent | undefined = event;
  for (let hops = 0; current !== undefined && hops < 10_000; hops++) {
    if (current.type?.endsWith('StateEntered')) return current;
    current = current.previousEventId === undefined ? undefined : byId.get(current.previousEventId);
  }
  return undefined;
}

/** The callback task still waiting for an answer; the latest one when several are open. */
export function findPendingApproval(events: readonly HistoryEvent[]): PendingApproval | undefined {
  if (events.some((event) => CLOSED_EXECUTION.has(event.type ?? ''))) return undefined;
  const byId = new Map(
    events.flatMap((event) => (event.id === undefined ? [] : [[event.id, event] as const])),
  );
  let pending: PendingApproval | undefined;
  events.forEach((scheduled, index) => {
    const details = scheduled.taskScheduledEventDetails;
    if (scheduled.type !== 'TaskScheduled' || details?.resource?.endsWith('.waitForTaskToken') !== true)
      return;
    if (scheduled.id === undefined || isAnswered(scheduled.id, events.slice(index + 1))) return;
    const parameters = parseJsonObject(details.parameters ?? '') ?? {};
    const token = findTaskToken(parameters);
    if (token === undefined) return;
    pending = {
      stateName: enteringEvent(scheduled, byId)?.stateEnteredEventDetails?.name ?? 'unknown',
      token,
      requestedAt: scheduled.timestamp,
      timeoutSeconds: details.timeoutInSeconds,
      message: messageOf(parameters),
    };
  });
  return pending;
}

// The task's own events follow each other through previousEventId (scheduled → started → submitted →
// ended), whatever other branches of the execution write in between.
function isAnswered(scheduledId: number, later: readonly HistoryEvent[]): boolean {
  const chain = new Set([scheduledId]);
  for (const event of later) {
    if (event.previousEventId === undefined || !chain.has(event.previousEventId)) continue;
    if (TASK_END.has(event.type ?? '')) return true;
    if (TASK_PROGRESS.has(event.type ?? '') && event.id !== undefined) chain.add(event.id);
  }
  return false;
}
