import { describe, expect, it } from 'vitest';
import { nextRetryDelay, parseRetriers } from '../../../src/local/stepfunctions/retry.ts';

describe('nextRetryDelay', () => {
  it('backs off by BackoffRate per attempt, caps at MaxDelaySeconds, and stops after MaxAttempts', () => {
    // Prepare
    const retriers = parseRetriers([
      {
        ErrorEquals: ['ThrottledError'],
        IntervalSeconds: 10,
        BackoffRate: 3,
        MaxDelaySeconds: 50,
        MaxAttempts: 4,
      },
    ]);
    const attempts = [0];

    // Act
    const delays = [1, 2, 3, 4, 5].map(() => nextRetryDelay(retriers, attempts, 'ThrottledError'));

    // Assess
    expect(delays).toEqual([10, 30, 50, 50, undefined]);
  });

  it('draws a FULL jitter delay between zero and the backed-off interval', () => {
    // Prepare
    const retriers = parseRetriers([
      { ErrorEquals: ['States.ALL'], IntervalSeconds: 8, JitterStrategy: 'FULL' },
    ]);

    // Act
    const delay = nextRetryDelay(retriers, [0], 'Anything', () => 0.25);

    // Assess
    expect(delay).toBe(2);
  });

  it('lets the first matching retrier decide, even when it has no attempts left', () => {
    // Prepare: the spec stops at the first retrier that names the error
    const retriers = parseRetriers([
      { ErrorEquals: ['EndpointBusyError'], MaxAttempts: 0 },
      { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
    ]);

    // Act
    const busy = nextRetryDelay(retriers, [0, 0], 'EndpointBusyError');
    const other = nextRetryDelay(retriers, [0, 0], 'ThrottledError');

    // Assess
    expect(busy).toBeUndefined();
    expect(other).toBe(1);
  });

  it('matches States.TaskFailed to anything but timeouts, and States.Timeout to heartbeat timeouts', () => {
    // Prepare
    const taskFailed = parseRetriers([{ ErrorEquals: ['States.TaskFailed'] }]);
    const timeout = parseRetriers([{ ErrorEquals: ['States.Timeout'] }]);

    // Act & Assess
    expect(nextRetryDelay(taskFailed, [0], 'ModelNotFoundError')).toBe(1);
    expect(nextRetryDelay(taskFailed, [0], 'States.Timeout')).toBeUndefined();
    expect(nextRetryDelay(taskFailed, [0], 'States.HeartbeatTimeout')).toBeUndefined();
    expect(nextRetryDelay(timeout, [0], 'States.HeartbeatTimeout')).toBe(1);
  });
});
