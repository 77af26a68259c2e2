import { describe, expect, it } from 'vitest';
import {
  buildUpdateEndpointInput,
  DeploymentOptions,
} from '../../../../src/domain/builders/build-update-endpoint-input.ts';

describe('buildUpdateEndpointInput', () => {
  it('switches the config and keeps the live variant properties', () => {
    const input = buildUpdateEndpointInput({ endpointName: 'churn', newConfigName: 'churn-config-iso-1' });
    expect(input).toEqual({
      EndpointName: 'churn',
      EndpointConfigName: 'churn-config-iso-1',
      RetainAllVariantProperties: true,
    });
  });

  it('adds a blue/green policy with alarm-driven rollback when configured', () => {
    const deployment = DeploymentOptions.parse({
      blueGreen: {
        trafficRouting: 'CANARY',
        waitIntervalInSeconds: 300,
        canarySize: { type: 'CAPACITY_PERCENT', value: 10 },
        terminationWaitInSeconds: 120,
        maximumExecutionTimeoutInSeconds: 3600,
      },
      rollbackAlarms: ['churn-5xx', 'churn-latency'],
    });
    const input = buildUpdateEndpointInput({ endpointName: 'e', newConfigName: 'c', deployment });
    expect(input.DeploymentConfig).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: {
          Type: 'CANARY',
          WaitIntervalInSeconds: 300,
          CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 },
        },
        TerminationWaitInSeconds: 120,
        MaximumExecutionTimeoutInSeconds: 3600,
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'churn-5xx' }, { AlarmName: 'churn-latency' }] },
    });
  });

  it('states the all-at-once policy when only alarms are configured', () => {
    const deployment = DeploymentOptions.parse({ rollbackAlarms: ['a'] });
    const input = buildUpdateEndpointInput({ endpointName: 'e', newConfigName: 'c', deployment });
    expect(input.DeploymentConfig?.BlueGreenUpdatePolicy?.TrafficRoutingConfiguration).toEqual({
      Type: 'ALL_AT_ONCE',
      WaitIntervalInSeconds: 0,
    });
  });

  it('rejects a canary policy without a canary size, and unknown keys', () => {
    expect(DeploymentOptions.safeParse({ blueGreen: { trafficRouting: 'CANARY' } }).success).toBe(false);
    expect(DeploymentOptions.safeParse({ rollbackAlarm: ['a'] }).success).toBe(false);
    expect(
      DeploymentOptions.safeParse({ rollbackAlarms: Array.from({ length: 11 }, (_, i) => `a${i}`) }).success,
    ).toBe(false);
  });
});
