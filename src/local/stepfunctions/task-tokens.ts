/**
 * Task tokens for the callback pattern (`.waitForTaskToken`): minted per task attempt, answered by
 * SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat with the real service's error codes:
 * a token that is not one of ours is `InvalidToken`, one we never issued is `TaskDoesNotExist`, and one
 * whose task is over (answered, timed out, execution stopped) is `TaskTimedOut`.
 */
import { randomUUID } from 'node:crypto';
import { ServiceError } from '../service.ts';
import { TaskError } from './integrations/task-error.ts';
import type { JsonValue } from './json.ts';

const TOKEN_PREFIX = 'sm5-sandbox-task:';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface PendingTask {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  /** The Task's Resource, e.g. `arn:aws:states:::sns:publish.waitForTaskToken`. */
  readonly resource: string;
  /** The task's effective input (after Parameters), as sent to the integration. */
  readonly input: JsonValue;
  /** Sandbox-clock milliseconds when the task began waiting. */
  readonly since: number;
}

interface Waiter {
  readonly task: PendingTask;
  readonly resolve: (output: JsonValue) => void;
  readonly reject: (failure: Error) => void;
  readonly onHeartbeat: () => void;
}

export class TaskTokens {
  private readonly waiting = new Map<string, Waiter>();
  private readonly issued = new Set<string>();
  private readonly listeners = new Set<() => void>();

  mint(): string {
    const token = Buffer.from(`${TOKEN_PREFIX}${randomUUID()}`).toString('base64');
    this.issued.add(token);
    return token;
  }

  /**
   * Suspends until the token is answered. `onHeartbeat` runs on each SendTaskHeartbeat (the caller keeps the
   * heartbeat deadline); the caller ends the wait early with `expire`.
   */
  wait(task: PendingTask, onHeartbeat: () => void = () => {}): Promise<JsonValue> {
    return new Promise((resolve, reject) => {
      this.waiting.set(task.token, { task, resolve, reject, onHeartbeat });
      this.changed();
    });
  }

  /** Ends a wait from the sandbox side (timeout, heartbeat timeout, execution stopped). */
  expire(token: string, failure: Error): void {
    const waiter = this.waiting.get(token);
    if (waiter === undefined) return;
    this.waiting.delete(token);
    waiter.reject(failure);
    this.changed();
  }

  succeed(token: string, output: JsonValue): void {
    const waiter = this.take(token);
    waiter.resolve(output);
  }

  fail(token: string, error: string, cause: string): void {
    const waiter = this.take(token);
    waiter.reject(new TaskError(error, cause));
  }

  heartbeat(token: string): void {
    this.find(token).onHeartbeat();
  }

  pending(executionArn?: string): PendingTask[] {
    return [...this.waiting.values()]
      .map((waiter) => waiter.task)
      .filter((task) => executionArn === undefined || task.executionArn === executionArn);
  }

  /** Called whenever the set of pending tasks changes; returns an unsubscribe function. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private take(token: string): Waiter {
    const waiter = this.find(token);
    this.waiting.delete(token);
    this.changed();
    return waiter;
  }

  private find(token: string): Waiter {
    if (!isWellFormed(token)) throw new ServiceError('InvalidToken', "Invalid Token: 'Invalid token'");
    const waiter = this.waiting.get(token);
    if (waiter !== undefined) return waiter;
    if (this.issued.has(token)) {
      throw new ServiceError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
    }
    throw new ServiceError('TaskDoesNotExist', "Task Does Not Exist: 'Provided task does not exist'");
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function isWellFormed(token: string): boolean {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  return decoded.startsWith(TOKEN_PREFIX) && UUID.test(decoded.slice(TOKEN_PREFIX.length));
}
