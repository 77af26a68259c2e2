/**
 * A client-side pacer per API operation, for wide read fan-outs such as `sm5 audit`.
 *
 * AWS rate-limits each operation separately (the sandbox does too), so one limiter for the whole client,
 * as the SDK's adaptive retry mode keeps, would hold DescribeModel back whenever ListTags is throttled. Each
 * operation here has its own send rate, found at run time:
 * - it starts at `initialRate` and grows by half every window while work is waiting on the pace;
 * - the first throttle cuts it to a third of the pace achieved, at once, and ends that start-up growth
 *   (a service's burst allowance hides its limit until the pace is far over it);
 * - at the end of a window with throttles, the rate becomes a little under the rate the service actually
 *   answered in that window: while it throttles, that is its limit (a token bucket refills at its rate);
 * - in a window without throttles, it grows by a few percent, probing for spare capacity.
 * A throttled call is sent again (it costs a slot, not an error); 5xx answers are retried with backoff.
 */
import { ServiceUnavailableError, ThrottledError } from '../errors.ts';

export interface RateGovernorOptions {
  /** Calls per second each operation starts at (default 25). */
  initialRate?: number;
  minRate?: number;
  maxRate?: number;
  /** Calls of one operation in flight at once (default 32). */
  maxInFlight?: number;
  /** How long the service's answers are observed before the rate is adjusted, in ms (default 200). */
  windowMs?: number;
  /** Times one call is sent again after a throttle (default 20) or a 5xx answer (at most 3). */
  maxRetries?: number;
  /** Milliseconds on a monotonic clock; default `performance.now()`. */
  now?: () => number;
}

export interface OperationStats {
  /** Requests sent, retries included. */
  calls: number;
  /** Requests the service answered with a throttling error. */
  throttled: number;
  /** Calls that failed for good. */
  failed: number;
  /** The send rate the operation ended at, calls per second. */
  rate: number;
}

export interface RateGovernor {
  /** Runs `call` when the operation's pace allows, retrying throttles and 5xx answers. */
  run<T>(operation: string, call: () => Promise<T>): Promise<T>;
  /** Rejects every call still waiting, and every later one, with `reason`; calls in flight finish. */
  close(reason: unknown): void;
  stats(): Record<string, OperationStats>;
}

type Outcome = 'ok' | 'throttled' | 'error';

const PROBE_GROWTH = 1.5;
/** The first throttle divides the achieved pace by this: past the service's burst it was far over the limit. */
const FIRST_CUT = 3;
const STEADY_GROWTH = 0.04;
const BELOW_DELIVERED = 0.95;
const SERVER_ERROR_RETRIES = 3;
/** How late a pacing timer may fire and still keep its slot. */
const LATE_TIMER_MS = 4;

interface Waiter {
  resolve: () => void;
  reject: (reason: unknown) => void;
}

class Pacer {
  rate: number;
  private probing = true;
  private nextStartAt: number;
  private inFlight = 0;
  private readonly queue: Waiter[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private windowStart: number;
  private sends = 0;
  private successes = 0;
  private throttles = 0;
  private lastSendRate: number | null = null;
  /** Work waited on the pace during this window: the rate, not the demand, set the throughput. */
  private paced = false;
  private closed: { reason: unknown } | null = null;
  readonly stats = { calls: 0, throttled: 0, failed: 0 };

  constructor(private readonly options: Required<RateGovernorOptions>) {
    this.rate = options.initialRate;
    this.windowStart = options.now();
    this.nextStartAt = this.windowStart;
  }

  acquire(): Promise<void> {
    if (this.closed !== null) return Promise.reject(this.closed.reason);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.pump();
    });
  }

  release(outcome: Outcome): void {
    const now = this.options.now();
    this.inFlight--;
    if (outcome === 'ok') this.successes++;
    if (outcome === 'throttled') {
      this.throttles++;
      this.stats.throttled++;
      // The first throttle ends the start-up growth at once, from the pace actually achieved (a busy client
      // sends slower than it may): at that pace the rest of the window would be throttled too.
      if (this.probing) {
        this.probing = false;
        this.setRate(Math.min(this.rate, this.recentSendRate(now)) / FIRST_CUT);
        this.startWindow(now);
        this.pump();
        return;
      }
    }
    if (now - this.windowStart >= this.options.windowMs) this.adjust(now);
    this.pump();
  }

  close(reason: unknown): void {
    this.closed ??= { reason };
    for (const waiter of this.queue.splice(0)) waiter.reject(reason);
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  private recentSendRate(now: number): number {
    const elapsed = now - this.windowStart;
    const current = elapsed >= this.options.windowMs / 4 ? (this.sends * 1000) / elapsed : 0;
    return Math.max(current, this.lastSendRate ?? 0) || this.rate;
  }

  private adjust(now: number): void {
    const elapsed = now - this.windowStart;
    const sendRate = (this.sends * 1000) / elapsed;
    if (this.throttles > 0) {
      // While the service throttles, what it answered is its limit: a token bucket refills at its rate.
      const delivered = (this.successes * 1000) / elapsed;
      const ceiling = Math.min(this.rate, sendRate);
      this.setRate(this.successes > 0 ? Math.min(ceiling, delivered * BELOW_DELIVERED) : ceiling / 2);
      this.probing = false;
    } else if (this.paced) {
      // Grown from what was achieved, so a pace the client cannot reach does not run away.
      const base = Math.min(this.rate, sendRate * (1 + STEADY_GROWTH));
      this.setRate(this.probing ? base * PROBE_GROWTH : base * (1 + STEADY_GROWTH));
    }
    this.lastSendRate = sendRate;
    this.startWindow(now);
  }

  private startWindow(now: number): void {
    this.windowStart = now;
    this.sends = 0;
    this.successes = 0;
    this.throttles = 0;
    this.paced = false;
  }

  private setRate(rate: number): void {
    this.rate = Math.min(this.options.maxRate, Math.max(this.options.minRate, rate));
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight) {
      const now = this.options.now();
      const interval = 1000 / this.rate;
      if (now < this.nextStartAt) {
        this.paced = true;
        this.timer ??= setTimeout(() => {
          this.timer = null;
          this.pump();
        }, this.nextStartAt - now);
        return;
      }
      // A timer that fires a little late does not cost a slot; an idle spell earns no burst.
      const slot = Math.max(this.nextStartAt, now - Math.min(interval, LATE_TIMER_MS));
      this.nextStartAt = slot + interval;
      this.inFlight++;
      this.sends++;
      this.stats.calls++;
      this.queue.shift()?.resolve();
    }
  }
}

export function createRateGovernor(options: RateGovernorOptions = {}): RateGovernor {
  const settings: Required<RateGovernorOptions> = {
    initialRate: options.initialRate ?? 25,
    minRate: options.minRate ?? 1,
    maxRate: options.maxRate ?? 5000,
    maxInFlight: options.maxInFlight ?? 32,
    windowMs: options.windowMs ?? 200,
    maxRetries: options.maxRetries ?? 20,
    now: options.now ?? (() => performance.now()),
  };
  const pacers = new Map<string, Pacer>();
  let closed: { reason: unknown } | null = null;
  const pacerFor = (operation: string): Pacer => {
    let pacer = pacers.get(operation);
    if (pacer === undefined) {
      pacer = new Pacer(settings);
      if (closed !== null) pacer.close(closed.reason);
      pacers.set(operation, pacer);
    }
    return pacer;
  };

  const run = async <T>(operation: string, call: () => Promise<T>): Promise<T> => {
    const pacer = pacerFor(operation);
    let serverErrors = 0;
    for (let attempt = 0; ; attempt++) {
      await pacer.acquire();
      let outcome: Outcome = 'error';
      try {
        const value = await call();
        outcome = 'ok';
        return value;
      } catch (e) {
        if (e instanceof ThrottledError) {
          outcome = 'throttled';
          if (attempt < settings.maxRetries) continue;
        } else if (e instanceof ServiceUnavailableError && serverErrors < SERVER_ERROR_RETRIES) {
          serverErrors++;
          await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** serverErrors * Math.random()));
          continue;
        }
        pacer.stats.failed++;
        throw e;
      } finally {
        pacer.release(outcome);
      }
    }
  };

  return {
    run,
    close(reason) {
      closed ??= { reason };
      for (const pacer of pacers.values()) pacer.close(reason);
    },
    stats() {
      return Object.fromEntries(
        [...pacers].map(([operation, pacer]) => [
          operation,
          { ...pacer.stats, rate: Math.round(pacer.rate * 10) / 10 },
        ]),
      );
    },
  };
}
