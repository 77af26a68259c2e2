/**
 * A semaphore for AWS calls: at most `limit` in flight across every caller that shares it, so a pipeline
 * (describe an endpoint, then at once its config) overlaps its stages without exceeding the limit.
 * After the first failure, calls still waiting are rejected with that failure instead of being made.
 */
import { InvalidInputError } from '../errors.ts';

export type Limiter = <T>(call: () => Promise<T>) => Promise<T>;

export function createLimiter(limit: number): Limiter {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError(`concurrency limit must be a positive integer, got ${String(limit)}`);
  }
  let active = 0;
  let failure: { error: unknown } | null = null;
  const waiting: Array<() => void> = [];

  // A finishing call hands its slot straight to the next waiter, so a newcomer cannot slip in between.
  const acquire = async (): Promise<void> => {
    if (active < limit) {
      active++;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  return async <T>(call: () => Promise<T>): Promise<T> => {
    await acquire();
    try {
      if (failure !== null) throw failure.error;
      return await call();
    } catch (e) {
      failure ??= { error: e };
      throw e;
    } finally {
      release();
    }
  };
}
