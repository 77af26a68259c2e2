import { InvalidInputError } from './errors.ts';

/**
 * Maps `items` through `fn` with at most `limit` calls in flight, keeping the input order in the result.
 * A fixed pool of workers pulls the next index, so a slow call never holds back a whole batch: with a
 * rate-limited API that is what keeps the request rate close to the limit (issue 6 measures it).
 * On the first failure no further item starts; calls already in flight finish, and the first error rejects.
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new InvalidInputError(`concurrency limit must be a positive integer, got ${String(limit)}`);
  }
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;

  const worker = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++;
      // In range by the loop condition; a plain check for undefined would wrongly skip undefined items.
      const item = items[index] as T;
      try {
        results[index] = await fn(item, index);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };

  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  await Promise.all(workers);
  return results;
}
