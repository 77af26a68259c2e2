/**
 * Reading the sandbox's request log: calls per operation, the throttled share, and (for critical paths) the
 * real time each call started and ended.
 */
import type { RequestLogEntry } from '../../src/local/sandbox.ts';
import type { OperationCalls, TimedCall } from './bounds.ts';

export const THROTTLED = 'ThrottlingException';

/** Calls per operation among `entries` (already filtered to the run and service of interest). */
export function callsByOperation(entries: readonly RequestLogEntry[]): Record<string, OperationCalls> {
  const out: Record<string, OperationCalls> = {};
  for (const entry of entries) {
    const calls = out[entry.operation] ?? { calls: 0, throttled: 0, admitted: 0 };
    calls.calls += 1;
    if (entry.errorCode === THROTTLED) calls.throttled += 1;
    else calls.admitted += 1;
    out[entry.operation] = calls;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function totals(calls: Readonly<Record<string, OperationCalls>>): OperationCalls {
  const sum: OperationCalls = { calls: 0, throttled: 0, admitted: 0 };
  for (const c of Object.values(calls)) {
    sum.calls += c.calls;
    sum.throttled += c.throttled;
    sum.admitted += c.admitted;
  }
  return sum;
}

/** ThrottlingException answers divided by calls; 0 for no calls. */
export function throttledFraction(calls: Readonly<Record<string, OperationCalls>>): number {
  const sum = totals(calls);
  return sum.calls === 0 ? 0 : sum.throttled / sum.calls;
}

export interface CallRecorder {
  readonly calls: readonly TimedCall[];
  stop(): void;
}

/**
 * Records the real start and end of every call the sandbox answers from now on. The log keeps only how
 * long each call took and when it ended on the sandbox clock (virtual in the workflow runs), so the moment
 * each entry is appended is taken here, by wrapping the log's own `push`; `stop` restores it.
 */
export function recordCallTimes(
  log: readonly RequestLogEntry[],
  latencyOf: (service: string, operation: string) => number,
): CallRecorder {
  const calls: TimedCall[] = [];
  Object.defineProperty(log, 'push', {
    configurable: true,
    writable: true,
    value(...entries: RequestLogEntry[]): number {
      const endMs = performance.now();
      for (const entry of entries) {
        calls.push({
          service: entry.service,
          operation: entry.operation,
          startMs: endMs - entry.durationMs,
          endMs,
          latencyMs: latencyOf(entry.service, entry.operation),
          ...(entry.errorCode === undefined ? {} : { errorCode: entry.errorCode }),
        });
      }
      return Reflect.apply(Array.prototype.push, log, entries);
    },
  });
  return {
    calls,
    stop: () => {
      Reflect.deleteProperty(log, 'push');
    },
  };
}
