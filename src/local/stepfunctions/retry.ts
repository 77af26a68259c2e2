/**
 * Task retries, run by the sandbox rather than the library so that back-off happens on the sandbox clock and
 * each attempt shows in the history as the real service shows it (Scheduled/Started/Failed, then again).
 * Matching follows the ASL spec: the first retrier naming the error (or `States.ALL`, or `States.TaskFailed`
 * for anything but a timeout) decides; once it has used its MaxAttempts the error goes to Catch.
 */
import { isJsonObject, type JsonValue } from './json.ts';

export interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds?: number;
  readonly jitter: boolean;
}

export const TIMEOUT_ERRORS: ReadonlySet<string> = new Set(['States.Timeout', 'States.HeartbeatTimeout']);

export function parseRetriers(retry: JsonValue | undefined): Retrier[] {
  if (!Array.isArray(retry)) return [];
  return retry.filter(isJsonObject).map((retrier) => ({
    errorEquals: Array.isArray(retrier.ErrorEquals)
      ? retrier.ErrorEquals.filter((name): name is string => typeof name === 'string')
      : [],
    intervalSeconds: typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1,
    maxAttempts: typeof retrier.MaxAttempts === 'number' ? retrier.MaxAttempts : 3,
    backoffRate: typeof retrier.BackoffRate === 'number' ? retrier.BackoffRate : 2,
    maxDelaySeconds: typeof retrier.MaxDelaySeconds === 'number' ? retrier.MaxDelaySeconds : undefined,
    jitter: retrier.JitterStrategy === 'FULL',
  }));
}

function matches(pattern: string, error: string): boolean {
  if (pattern === error || pattern === 'States.ALL') return true;
  if (pattern === 'States.TaskFailed') return !TIMEOUT_ERRORS.has(error);
  return pattern === 'States.Timeout' && error === 'States.HeartbeatTimeout';
}

/**
 * The delay before the next attempt, or `undefined` when the error is not retried. `attempts` holds one
 * counter per retrier for the current state entry and is updated.
 */
export function nextRetryDelay(
  retriers: readonly Retrier[],
  attempts: number[],
  error: string,
  random: () => number = Math.random,
): number | undefined {
  const index = retriers.findIndex((retrier) =>
    retrier.errorEquals.some((pattern) => matches(pattern, error)),
  );
  const retrier = retriers[index];
  if (retrier === undefined) return undefined;
  const used = attempts[index] ?? 0;
  if (used >= retrier.maxAttempts) return undefined;
  attempts[index] = used + 1;
  let delay = retrier.intervalSeconds * retrier.backoffRate ** used;
  if (retrier.maxDelaySeconds !== undefined) delay = Math.min(delay, retrier.maxDelaySeconds);
  return retrier.jitter ? random() * delay : delay;
}
