/**
 * The lower bounds every figure is compared with, computed from the sandbox's cost model (latency per call,
 * a token bucket per operation) and the calls a run actually made. Pure functions, so the report can say
 * exactly how each bound was reached.
 */

/** One operation's calls, as the sandbox answered them. */
export interface OperationCalls {
  /** Every request, throttled ones included. */
  calls: number;
  /** Requests answered ThrottlingException: they cost a round trip and no token. */
  throttled: number;
  /** Requests the service let through (and so took a token): what the run needed of the operation. */
  admitted: number;
}

export interface RateLimit {
  ratePerSecond: number;
  /** Tokens in the bucket when a run starts (the sandbox's default: one second's worth). */
  burst: number;
}

export interface RateBound {
  seconds: number;
  /** The operation that sets the bound. */
  operation: string | null;
}

/**
 * The rate bound: the slowest operation's admitted calls divided by its rate. A run cannot make
 * `n` calls of one operation faster than `n / rate` once the bucket's head start is spent.
 */
export function rateBound(calls: Readonly<Record<string, OperationCalls>>, limit: RateLimit): RateBound {
  return slowest(calls, (c) => c.admitted / limit.ratePerSecond);
}

/**
 * The token bucket's exact floor: it starts full, so the first `burst` calls cost no time and only the rest
 * wait for the refill. Smaller than `rateBound` by `burst / rate`; the stricter of the two.
 */
export function bucketBound(calls: Readonly<Record<string, OperationCalls>>, limit: RateLimit): RateBound {
  return slowest(calls, (c) => Math.max(0, c.admitted - limit.burst) / limit.ratePerSecond);
}

function slowest(
  calls: Readonly<Record<string, OperationCalls>>,
  cost: (c: OperationCalls) => number,
): RateBound {
  let bound: RateBound = { seconds: 0, operation: null };
  for (const [operation, c] of Object.entries(calls)) {
    const seconds = cost(c);
    if (seconds > bound.seconds) bound = { seconds, operation };
  }
  return bound;
}

/** A call with its real start and end (ms on one monotonic clock) and the latency the sandbox injected. */
export interface TimedCall {
  service: string;
  operation: string;
  startMs: number;
  endMs: number;
  latencyMs: number;
  errorCode?: string;
}

export interface CallChain {
  /** Calls on the chain, in order. */
  calls: TimedCall[];
  /** The injected latency they add up to: no run that makes them one after another can be faster. */
  latencyMs: number;
}

/**
 * The critical path of the calls a run made: the heaviest chain of calls each of which started after the
 * previous one had been answered. Calls that overlapped were made concurrently and count once.
 */
export function criticalPath(calls: readonly TimedCall[]): CallChain {
  const sorted = [...calls].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const best: number[] = [];
  const previous: number[] = [];
  sorted.forEach((call, i) => {
    best[i] = call.latencyMs;
    previous[i] = -1;
    for (let j = 0; j < i; j++) {
      const before = sorted[j];
      const weight = best[j] ?? 0;
      if (before !== undefined && before.endMs <= call.startMs && weight + call.latencyMs > (best[i] ?? 0)) {
        best[i] = weight + call.latencyMs;
        previous[i] = j;
      }
    }
  });
  let last = -1;
  best.forEach((weight, i) => {
    if (last < 0 || weight > (best[last] ?? 0)) last = i;
  });
  const chain: TimedCall[] = [];
  for (let i = last; i >= 0; i = previous[i] ?? -1) {
    const call = sorted[i];
    if (call !== undefined) chain.unshift(call);
  }
  return { calls: chain, latencyMs: last < 0 ? 0 : (best[last] ?? 0) };
}

/** Operations on a chain and how often each appears, e.g. `{ DescribeEndpoint: 3 }`. */
export function countByOperation(calls: readonly Pick<TimedCall, 'operation'>[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.operation] = (counts[call.operation] ?? 0) + 1;
  return counts;
}
