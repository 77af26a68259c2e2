import { describe, expect, it } from 'vitest';
import { mapLimit } from '../../../src/domain/concurrency.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';

/** A promise settled from outside, so a test decides when each call finishes without any timer. */
function deferred<T>() {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const ticks = async (n: number) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('mapLimit', () => {
  it('keeps the input order whatever order the calls finish in', async () => {
    // Prepare: later items finish first
    const items = [5, 4, 3, 2, 1, 0];

    // Act
    const results = await mapLimit(items, 3, async (n, index) => {
      await ticks(n * 3);
      return `${index}:${n}`;
    });

    // Assess
    expect(results).toEqual(['0:5', '1:4', '2:3', '3:2', '4:1', '5:0']);
  });

  it('never has more than `limit` calls in flight, and reaches the limit', async () => {
    // Prepare
    let active = 0;
    let peak = 0;

    // Act
    await mapLimit(
      Array.from({ length: 20 }, (_, i) => i),
      4,
      async (i) => {
        active++;
        peak = Math.max(peak, active);
        await ticks((i % 5) + 1);
        active--;
      },
    );

    // Assess
    expect(peak).toBe(4);
  });

  it('starts a new call as soon as any one finishes, not per batch', async () => {
    // Prepare: item 0 is slow; with a batch of 2 item 2 would wait for it
    const slow = deferred<void>();
    const started: number[] = [];
    const run = mapLimit([0, 1, 2, 3], 2, async (i) => {
      started.push(i);
      if (i === 0) await slow.promise;
    });

    // Act
    await ticks(10);
    const startedWhileSlowRuns = [...started];
    slow.resolve();
    await run;

    // Assess
    expect(startedWhileSlowRuns).toEqual([0, 1, 2, 3]);
  });

  it('starts nothing after a failure and rejects with the first error', async () => {
    // Prepare
    const slow = deferred<string>();
    const started: number[] = [];
    const boom = new Error('boom');
    const run = mapLimit([0, 1, 2, 3, 4], 2, async (i) => {
      started.push(i);
      if (i === 0) return slow.promise;
      throw boom;
    });

    // Act
    const outcome = run.then(
      () => 'resolved',
      (e: unknown) => e,
    );
    slow.resolve('late');

    // Assess
    expect(await outcome).toBe(boom);
    await ticks(10);
    expect(started).toEqual([0, 1]);
  });

  it('answers an empty list without calling fn', async () => {
    // Prepare
    let calls = 0;

    // Act
    const results = await mapLimit([], 3, async () => {
      calls++;
    });

    // Assess
    expect(results).toEqual([]);
    expect(calls).toBe(0);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects a limit of %s with InvalidInputError', async (limit) => {
    // Act / Assess
    await expect(mapLimit([1], limit, async (n) => n)).rejects.toBeInstanceOf(InvalidInputError);
  });
});
