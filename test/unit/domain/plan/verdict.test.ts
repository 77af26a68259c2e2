import { describe, expect, it } from 'vitest';
import type { ServedBy } from '../../../../src/domain/plan/schema.ts';
import { decideVerdict, exemptionOf } from '../../../../src/domain/plan/verdict.ts';

const served = (overrides: Partial<ServedBy> = {}): ServedBy => ({
  endpointName: 'e',
  endpointStatus: 'InService',
  configName: 'c',
  variantName: 'v',
  kind: 'production',
  serverless: false,
  pending: false,
  inferenceComponentEndpoint: false,
  inferenceComponentName: null,
  ...overrides,
});
const notIsolated = { name: 'm', isolated: false };

describe('decideVerdict', () => {
  it('remediates a non-isolated model that nothing blocks, served or not', () => {
    expect(decideVerdict({ model: notIsolated, tags: [], servedBy: [] }).verdict).toBe('remediate');
    expect(decideVerdict({ model: notIsolated, tags: [], servedBy: [served()] }).verdict).toBe('remediate');
  });

  it('prefers noop over every blocker: an isolated model needs nothing, whatever serves it', () => {
    const decision = decideVerdict({
      model: { name: 'm', isolated: true },
      tags: [{ Key: 'sm5:exempt', Value: 'x' }],
      servedBy: [served({ serverless: true })],
    });
    expect(decision.verdict).toBe('noop');
  });

  it.each(['Failed', 'UpdateRollbackFailed', 'OutOfService', 'Deleting'])(
    'blocks an endpoint that is %s',
    (status) => {
      const decision = decideVerdict({
        model: notIsolated,
        tags: [],
        servedBy: [served({ endpointStatus: status })],
      });
      expect(decision.verdict).toBe('blocked');
      expect(decision.reasons[0]).toContain(`Endpoint e is ${status}`);
    },
  );

  it.each(['Updating', 'Creating', 'SystemUpdating', 'RollingBack'])(
    'does not block an endpoint that is %s',
    (s) => {
      expect(
        decideVerdict({ model: notIsolated, tags: [], servedBy: [served({ endpointStatus: s })] }).verdict,
      ).toBe('remediate');
    },
  );

  it('lists every blocker once, so a reviewer sees all that must change', () => {
    const decision = decideVerdict({
      model: notIsolated,
      tags: [{ Key: 'sm5:exempt', Value: '' }],
      servedBy: [
        served({ serverless: true }),
        served({ serverless: true }),
        served({ endpointName: 'ic', kind: 'inference-component', inferenceComponentName: 'comp' }),
      ],
    });
    expect(decision.reasons).toHaveLength(3);
  });
});

describe('exemptionOf', () => {
  it('reads the value of the exemption tag, and treats an explicit false as not exempt', () => {
    expect(exemptionOf([{ Key: 'sm5:exempt', Value: 'JIRA-1' }])).toBe('JIRA-1');
    expect(exemptionOf([{ Key: 'sm5:exempt', Value: 'False' }])).toBeNull();
    expect(exemptionOf([{ Key: 'SM5:EXEMPT', Value: 'yes' }])).toBeNull();
    expect(exemptionOf([{ Key: 'team:skip', Value: 'yes' }], 'team:skip')).toBe('yes');
  });
});
