/**
 * Time as executions see it: Wait states and retry back-off *sleep* (on the virtual clock that moves time
 * forward at once), while timeouts are *deadlines* that never move the clock themselves: a task waiting for
 * an approval times out only when something else advances time past its deadline (a test calling
 * `clock.advance`, or other executions' waits).
 */
import type { SandboxClock } from '../clock.ts';

const MAX_TIMER_MS = 2_147_483_647;

/** Calls `fire` once, when the sandbox clock reaches `atMs`. Returns a cancel function. */
export function onDeadline(clock: SandboxClock, atMs: number, fire: () => void): () => void {
  if (clock.mode === 'virtual') {
    if (clock.now() >= atMs) {
      queueMicrotask(fire);
      return () => {};
    }
    const unsubscribe = clock.onAdvance(() => {
      if (clock.now() < atMs) return;
      unsubscribe();
      fire();
    });
    return unsubscribe;
  }
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    const remaining = atMs - clock.now();
    if (remaining <= 0) {
      fire();
      return;
    }
    timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}

export class SleepAborted extends Error {
  override readonly name = 'SleepAborted' as const;
}

/** Sleeps `seconds` of sandbox time; rejects with SleepAborted when `signal` aborts first. */
export function sleepOnClock(clock: SandboxClock, seconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new SleepAborted());
      return;
    }
    let cancelTimer = (): void => {};
    const onAbort = (): void => {
      cancelTimer();
      reject(new SleepAborted());
    };
    signal.addEventListener('abort', onAbort, { once: true });
    const done = (): void => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    };
    if (clock.mode === 'virtual') {
      clock.sleep(seconds).then(done, reject);
    } else {
      // A timer of our own rather than clock.sleep, so that stopping an execution releases it.
      cancelTimer = onDeadline(clock, clock.now() + seconds * 1000, done);
    }
  });
}

/** Resolves once every history event the library has already emitted has been recorded. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
