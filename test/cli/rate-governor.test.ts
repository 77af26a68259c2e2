import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateGovernor } from '../../src/domain/audit/index.ts';
import { AccessDeniedError, ServiceUnavailableError, ThrottledError } from '../../src/domain/errors.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const now = () => Date.now();

/** A service that answers after `latencyMs` and throttles beyond `rate` calls per second (a token bucket). */
function rateLimitedService(rate: number, burst: number, latencyMs: number) {
  let tokens = burst;
  let updatedAt = Date.now();
  const counts = { ok: 0, throttled: 0 };
  const call = async (value: number): Promise<number> => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const at = Date.now();
    tokens = Math.min(burst, tokens + ((at - updatedAt) / 1000) * rate);
    updatedAt = at;
    if (tokens < 1) {
      counts.throttled++;
      throw new ThrottledError('Rate exceeded');
    }
    tokens -= 1;
    counts.ok++;
    return value;
  };
  return { call, counts };
}

describe('the per-operation rate governor', () => {
  it('starts calls of one operation no faster than its rate', async () => {
    // Prepare: a window longer than the test, so the rate does not adapt meanwhile.
    const governor = createRateGovernor({ initialRate: 10, windowMs: 10_000, now });
    const started: number[] = [];
    const t0 = Date.now();

    // Act
    const calls = Array.from({ length: 5 }, (_, i) =>
      governor.run('DescribeModel', async () => {
        started.push(Date.now() - t0);
        return i;
      }),
    );
    await vi.advanceTimersByTimeAsync(1000);

    // Assess
    await expect(Promise.all(calls)).resolves.toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 100, 200, 300, 400]);
  });

  it('paces each operation on its own', async () => {
    // Prepare
    const governor = createRateGovernor({ initialRate: 10, windowMs: 10_000, now });
    const started: Record<string, number[]> = { DescribeModel: [], ListTags: [] };
    const t0 = Date.now();

    // Act
    const calls = ['DescribeModel', 'ListTags'].flatMap((operation) =>
      Array.from({ length: 3 }, () =>
        governor.run(operation, async () => {
          started[operation]?.push(Date.now() - t0);
        }),
      ),
    );
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(calls);

    // Assess
    expect(started).toEqual({ DescribeModel: [0, 100, 200], ListTags: [0, 100, 200] });
  });

  it('sends throttled calls again and settles near the service’s limit', async () => {
    // Prepare
    const service = rateLimitedService(50, 10, 20);
    const governor = createRateGovernor({ initialRate: 25, now });
    const t0 = Date.now();

    // Act
    let lastFinish = t0;
    const calls = Array.from({ length: 400 }, (_, i) =>
      governor
        .run('DescribeModel', () => service.call(i))
        .then((value) => {
          lastFinish = Date.now();
          return value;
        }),
    );
    const all = Promise.all(calls);
    await vi.advanceTimersByTimeAsync(20_000);

    // Assess
    await expect(all).resolves.toHaveLength(400);
    const stats = governor.stats().DescribeModel;
    expect(stats).toMatchObject({
      calls: 400 + service.counts.throttled,
      throttled: service.counts.throttled,
    });
    expect(service.counts.throttled).toBeGreaterThan(0);
    expect(stats?.rate).toBeGreaterThan(50 * 0.7);
    expect(stats?.rate).toBeLessThan(50 * 1.2);
    expect(service.counts.throttled / (stats?.calls ?? 1)).toBeLessThan(0.05);
    // The last call finished within 15 % of what the limit allows (400 calls at 50/s, less the burst).
    expect(lastFinish - t0).toBeLessThan(((400 - 10) / 50) * 1000 * 1.15);
  });

  it('retries a 5xx answer and gives up at once on a permanent error', async () => {
    // Prepare
    const governor = createRateGovernor({ now });
    let attempts = 0;
    const flaky = async () => {
      attempts++;
      if (attempts < 3) throw new ServiceUnavailableError('InternalFailure');
      return 'ok';
    };
    const denied = vi.fn(async () => {
      throw new AccessDeniedError('not authorized');
    });

    // Act
    const retried = governor.run('DescribeModel', flaky);
    const refused = governor.run('ListTags', denied);
    refused.catch(() => {});
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    await expect(retried).resolves.toBe('ok');
    expect(attempts).toBe(3);
    await expect(refused).rejects.toBeInstanceOf(AccessDeniedError);
    expect(denied).toHaveBeenCalledTimes(1);
    expect(governor.stats().ListTags).toMatchObject({ calls: 1, failed: 1 });
  });

  it('gives up on a call throttled more than maxRetries times', async () => {
    // Prepare
    const governor = createRateGovernor({ maxRetries: 2, now });
    const call = vi.fn(async () => {
      throw new ThrottledError('Rate exceeded');
    });

    // Act
    const result = governor.run('DescribeModel', call);
    result.catch(() => {});
    await vi.advanceTimersByTimeAsync(5_000);

    // Assess
    await expect(result).rejects.toBeInstanceOf(ThrottledError);
    expect(call).toHaveBeenCalledTimes(3);
  });

  it('rejects waiting and later calls once closed, with the reason', async () => {
    // Prepare
    const governor = createRateGovernor({ initialRate: 1, now });
    const reason = new AccessDeniedError('stop');
    const first = governor.run('DescribeModel', async () => 'first');
    const waiting = governor.run('DescribeModel', async () => 'second');
    waiting.catch(() => {});

    // Act
    governor.close(reason);
    const later = governor.run('ListTags', async () => 'third');
    later.catch(() => {});

    // Assess
    await expect(first).resolves.toBe('first');
    await expect(waiting).rejects.toBe(reason);
    await expect(later).rejects.toBe(reason);
  });
});
