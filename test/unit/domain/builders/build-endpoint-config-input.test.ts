import { describe, expect, it } from 'vitest';
import {
  buildEndpointConfigInput,
  ENDPOINT_CONFIG_MEMBERS_NOT_COPIED,
  swapModels,
} from '../../../../src/domain/builders/build-endpoint-config-input.ts';
import { TAG_SOURCE_CONFIG } from '../../../../src/domain/builders/lineage-tags.ts';
import { fullEndpointConfigDescription, fullVariant } from './full-descriptions.ts';

const lineage = { findingId: null, runId: 'run-1' };
const swaps = [
  { from: 'Churn-Model', to: 'Churn-Model-iso-aaaaaaaa' },
  { from: 'shadow-model', to: 'shadow-model-iso-bbbbbbbb' },
];

describe('buildEndpointConfigInput', () => {
  it('copies every member of the description; only the variants change, and only their model names', () => {
    // Prepare: a description with every member set, production and shadow variants included
    const source = fullEndpointConfigDescription('churn-config', 'Churn-Model', 'shadow-model');
    // Act
    const { input } = buildEndpointConfigInput({
      source,
      sourceTags: [],
      newConfigName: 'new',
      swaps,
      lineage,
    });
    // Assess
    const notCopied = new Set<string>(ENDPOINT_CONFIG_MEMBERS_NOT_COPIED);
    const variantMembers = new Set(['ProductionVariants', 'ShadowProductionVariants']);
    const copied = Object.keys(source).filter((k) => !notCopied.has(k));
    expect(copied.length).toBeGreaterThanOrEqual(10);
    for (const member of copied) {
      expect(input, member).toHaveProperty(member);
      if (!variantMembers.has(member))
        expect(Reflect.get(input, member), member).toEqual(Reflect.get(source, member));
    }
    expect(input.ProductionVariants).toEqual([
      {
        ...source.ProductionVariants?.[0],
        ModelName: 'Churn-Model-iso-aaaaaaaa',
        InstancePools: [
          { InstanceType: 'ml.g5.2xlarge', ModelNameOverride: 'Churn-Model-iso-aaaaaaaa', Priority: 1 },
        ],
      },
    ]);
    expect(input.ShadowProductionVariants?.[0]?.ModelName).toBe('shadow-model-iso-bbbbbbbb');
  });

  it('names the new config and drops output-only members', () => {
    const source = fullEndpointConfigDescription('c', 'Churn-Model', 'shadow-model');
    const { input } = buildEndpointConfigInput({
      source,
      sourceTags: [],
      newConfigName: 'c-iso-1',
      swaps,
      lineage,
    });
    expect(input.EndpointConfigName).toBe('c-iso-1');
    expect(input).not.toHaveProperty('EndpointConfigArn');
    expect(input).not.toHaveProperty('CreationTime');
  });

  it('copies the config tags and adds lineage naming the config it replaces', () => {
    const source = fullEndpointConfigDescription('churn-config', 'Churn-Model', 'shadow-model');
    const { input } = buildEndpointConfigInput({
      source,
      sourceTags: [
        { Key: 'cost', Value: 'ml' },
        { Key: 'aws:tag', Value: 'x' },
      ],
      newConfigName: 'n',
      swaps,
      lineage,
    });
    expect(input.Tags).toEqual([
      { Key: 'cost', Value: 'ml' },
      { Key: TAG_SOURCE_CONFIG, Value: 'churn-config' },
      { Key: 'sm5:run', Value: 'run-1' },
    ]);
  });
});

describe('swapModels', () => {
  it('matches model names case-insensitively, as SageMaker does', () => {
    const variants = swapModels([fullVariant('v', 'churn-model')], swaps);
    expect(variants[0]?.ModelName).toBe('Churn-Model-iso-aaaaaaaa');
  });

  it('leaves variants of other models exactly as they were', () => {
    const other = fullVariant('v', 'another-model');
    expect(swapModels([other], swaps)).toEqual([other]);
  });
});
