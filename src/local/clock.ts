/**
 * The sandbox's notion of time. Endpoint transitions, creation times and (later) workflow waits all read
 * this clock, so a test can move an hour-long blue/green deployment forward in a microsecond.
 */
export type ClockMode = 'virtual' | 'real';

export interface SandboxClock {
  readonly mode: ClockMode;
  /** Milliseconds since the epoch, like `Date.now()`. */
  now(): number;
  /** Virtual clock only: moves time forward and applies every transition that fell due. */
  advance(seconds: number): void;
  /**
   * Virtual: resolves once the clock has reached `now + seconds` (concurrent sleepers wake in time order,
   * each moving the clock only as far as its own deadline). Real: waits that long.
   */
  sleep(seconds: number): Promise<void>;
  /** Called after every virtual advance; returns a function that unsubscribes. */
  onAdvance(listener: () => void): () => void;
}

interface Sleeper {
  readonly until: number;
  readonly seq: number;
  readonly wake: () => void;
}

class VirtualClock implements SandboxClock {
  readonly mode = 'virtual' as const;
  private current: number;
  private readonly listeners = new Set<() => void>();
  private sleepers: Sleeper[] = [];
  private sleeperSeq = 0;
  private draining = false;

  constructor(start: number) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(seconds: number): void {
    assertSeconds(seconds);
    this.moveTo(this.current + seconds * 1000);
  }

  sleep(seconds: number): Promise<void> {
    assertSeconds(seconds);
    const until = this.current + seconds * 1000;
    return new Promise((resolve) => {
      this.sleepers.push({ until, seq: this.sleeperSeq++, wake: resolve });
      this.sleepers.sort((a, b) => a.until - b.until || a.seq - b.seq);
      this.scheduleDrain();
    });
  }

  onAdvance(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // One sleeper per macrotask: whatever the woken code does next (often another sleep) runs before the
  // clock moves on, so a chain of short waits interleaves correctly with a long one.
  private scheduleDrain(): void {
    if (this.draining) return;
    this.draining = true;
    setImmediate(() => {
      this.draining = false;
      const next = this.sleepers.shift();
      if (next === undefined) return;
      this.moveTo(Math.max(this.current, next.until));
      next.wake();
      if (this.sleepers.length > 0) this.scheduleDrain();
    });
  }

  private moveTo(target: number): void {
    this.current = Math.max(this.current, target);
    for (const listener of this.listeners) listener();
  }
}

class RealClock implements SandboxClock {
  readonly mode = 'real' as const;

  now(): number {
    return Date.now();
  }

  advance(): void {
    throw new Error('clock.advance() needs the virtual clock; this sandbox runs on real time');
  }

  sleep(seconds: number): Promise<void> {
    assertSeconds(seconds);
    return new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  }

  onAdvance(): () => void {
    // Real time has no discrete advances; the store applies due transitions lazily on every request.
    return () => {};
  }
}

function assertSeconds(seconds: number): void {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`seconds must be a finite number >= 0, got ${seconds}`);
  }
}

/** `start` (virtual only) defaults to the current second, so timestamps look like today's. */
export function createClock(mode: ClockMode, start?: number): SandboxClock {
  if (mode === 'real') return new RealClock();
  return new VirtualClock(start ?? Math.floor(Date.now() / 1000) * 1000);
}
