import { describe, expect, it } from 'vitest';
import {
  CONFIG_KEYS,
  configFromEnvironment,
  ENV,
  parseContextConfig,
  toEnvironment,
} from '../../src/domain/config.ts';
import { InvalidInputError } from '../../src/domain/errors.ts';

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidInputError);
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected an InvalidInputError');
}

describe('cdk.json context', () => {
  it('defaults to approval mode, deleting originals, 24 h to approve, 2 h per deployment, sm5:exempt', () => {
    expect(parseContextConfig({})).toEqual({
      mode: 'approval',
      retireOriginal: 'delete',
      deployment: {},
      approvalTimeout: 86_400,
      deploymentTimeout: 7_200,
      exemptTag: 'sm5:exempt',
    });
  });

  it('reads every setting', () => {
    const config = parseContextConfig({
      mode: 'dry-run',
      retireOriginal: 'retain',
      approvalTimeout: '7d',
      deploymentTimeout: '90m',
      exemptTag: 'team:keep-open',
      notificationEmail: 'secops@example.com',
      deployment: {
        blueGreen: { trafficRouting: 'CANARY', canarySize: { type: 'CAPACITY_PERCENT', value: 10 } },
        rollbackAlarms: ['latency-p99'],
      },
    });
    expect(config).toMatchObject({
      mode: 'dry-run',
      retireOriginal: 'retain',
      approvalTimeout: 7 * 86_400,
      deploymentTimeout: 90 * 60,
      exemptTag: 'team:keep-open',
      notificationEmail: 'secops@example.com',
      deployment: { rollbackAlarms: ['latency-p99'], blueGreen: { trafficRouting: 'CANARY' } },
    });
  });

  it.each([
    [{ mode: 'fast' }, '"mode": "fast" is not allowed; allowed values: "auto", "approval", "dry-run"'],
    [
      { retireOriginal: 'archive' },
      '"retireOriginal": "archive" is not allowed; allowed values: "delete", "retain"',
    ],
    [{ approvalTimeout: '3 weeks' }, '"approvalTimeout": "3 weeks" is not a duration'],
    [{ approvalTimeout: '10s' }, '"approvalTimeout": "10s" is out of range: must be between 1m and 30d'],
    [{ deploymentTimeout: '2d' }, '"deploymentTimeout": "2d" is out of range: must be between 10m and 1d'],
    [{ exemptTag: 'aws:exempt' }, '"exemptTag": keys starting with "aws:" are reserved by AWS'],
    [{ notificationEmail: 'secops' }, '"notificationEmail": not an email address'],
    [
      { deployment: { blueGren: {} } },
      '"deployment": unknown key "blueGren"; allowed keys: blueGreen, rollbackAlarms',
    ],
    [
      { deployment: { blueGreen: { trafficRouting: 'GRADUAL' } } },
      '"deployment.blueGreen.trafficRouting": "GRADUAL" is not allowed; allowed values: "ALL_AT_ONCE", "CANARY", "LINEAR"',
    ],
    [{ deployment: { blueGreen: { trafficRouting: 'LINEAR' } } }, '"deployment.blueGreen.linearStepSize"'],
    [{ mdoe: 'auto' }, `"mdoe": not an sm5 setting; sm5 reads ${CONFIG_KEYS.join(', ')}`],
  ])('rejects %j naming the key and what it accepts', (context, message) => {
    expect(errorOf(() => parseContextConfig(context))).toContain(message);
  });

  it('reports every problem at once', () => {
    const message = errorOf(() => parseContextConfig({ mode: 'x', retireOriginal: 'y' }));
    expect(message.split('\n').filter((line) => line.startsWith('  - '))).toHaveLength(2);
  });

  it("ignores the CDK's own context keys and feature flags", () => {
    const context = {
      '@aws-cdk/core:newStyleStackSynthesis': true,
      'aws:cdk:bundling-stacks': [],
      'cli-telemetry': false,
      'availability-zones:account=111122223333:region=us-east-1': ['us-east-1a'],
    };
    expect(parseContextConfig(context).mode).toBe('approval');
  });

  it('takes a JSON deployment from the command line (-c deployment=...)', () => {
    const config = parseContextConfig({ deployment: '{"rollbackAlarms":["a","b"]}' });
    expect(config.deployment).toEqual({ rollbackAlarms: ['a', 'b'] });
  });
});

describe('the Lambda environment', () => {
  it('round-trips the configuration through the documented variables', () => {
    const config = parseContextConfig({
      mode: 'auto',
      retireOriginal: 'retain',
      approvalTimeout: '1h',
      deployment: { rollbackAlarms: ['a'] },
      notificationEmail: 'secops@example.com',
    });
    const env = toEnvironment(config);
    expect(Object.keys(env).sort()).toEqual(Object.values(ENV).sort());
    expect(env[ENV.approvalTimeout]).toBe('3600');
    const { notificationEmail: _email, ...runtime } = config;
    expect(configFromEnvironment(env)).toEqual(runtime);
  });

  it('falls back to the defaults when nothing is set', () => {
    expect(configFromEnvironment({})).toEqual(parseContextConfig({}));
  });

  it('names the variable that is wrong', () => {
    const message = errorOf(() =>
      configFromEnvironment({
        SM5_MODE: 'fast',
        SM5_DEPLOYMENT: '{not json',
        SM5_APPROVAL_TIMEOUT_SECONDS: '5',
      }),
    );
    expect(message).toContain(
      'SM5_MODE: "fast" is not allowed; allowed values: "auto", "approval", "dry-run"',
    );
    expect(message).toContain('SM5_DEPLOYMENT: not JSON');
    expect(message).toContain('SM5_APPROVAL_TIMEOUT_SECONDS: "5" is out of range');
  });

  it('names the nested field inside SM5_DEPLOYMENT', () => {
    const message = errorOf(() =>
      configFromEnvironment({ SM5_DEPLOYMENT: '{"blueGreen":{"trafficRouting":"X"}}' }),
    );
    expect(message).toContain('SM5_DEPLOYMENT (blueGreen.trafficRouting): "X" is not allowed');
  });
});
