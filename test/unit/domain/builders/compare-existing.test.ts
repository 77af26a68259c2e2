import { describe, expect, it } from 'vitest';
import { buildCloneModelInput } from '../../../../src/domain/builders/build-clone-model-input.ts';
import { buildEndpointConfigInput } from '../../../../src/domain/builders/build-endpoint-config-input.ts';
import {
  differences,
  endpointConfigDifferences,
  modelDifferences,
} from '../../../../src/domain/builders/compare-existing.ts';
import { fullEndpointConfigDescription, fullModelDescription } from './full-descriptions.ts';

const lineage = { findingId: null, runId: 'run-1' };

describe('differences', () => {
  it('ignores members only the existing resource has (defaults the service filled in)', () => {
    expect(differences({ a: 1 }, { a: 1, b: 2 })).toEqual([]);
  });

  it('names each differing or missing path', () => {
    expect(differences({ a: { b: 1, c: [1, { d: 2 }] } }, { a: { b: 2, c: [1, { d: 3 }] } })).toEqual([
      'a.b',
      'a.c[1].d',
    ]);
    expect(differences({ a: 1 }, {})).toEqual(['a']);
  });

  it('compares lists of plain values as sets and lists of objects in order', () => {
    expect(differences({ Subnets: ['s-1', 's-2'] }, { Subnets: ['s-2', 's-1'] })).toEqual([]);
    expect(differences({ C: [{ n: 1 }, { n: 2 }] }, { C: [{ n: 2 }, { n: 1 }] })).toEqual([
      'C[0].n',
      'C[1].n',
    ]);
    expect(differences({ Subnets: ['s-1'] }, { Subnets: ['s-1', 's-2'] })).toEqual(['Subnets']);
  });
});

describe('modelDifferences', () => {
  it('finds none between a clone request and the model it created', () => {
    // Prepare: what CreateModel stored is what DescribeModel returns, plus output-only members
    const { input } = buildCloneModelInput({
      source: fullModelDescription('m'),
      sourceTags: [],
      cloneModelName: 'c',
      lineage,
    });
    const described = { ...input, Tags: undefined, ModelArn: 'arn', CreationTime: new Date() };
    // Act / Assess
    expect(modelDifferences(input, described)).toEqual([]);
  });

  it('finds a model that holds the name but is not isolated or runs another image', () => {
    const { input } = buildCloneModelInput({
      source: fullModelDescription('m'),
      sourceTags: [],
      cloneModelName: 'c',
      lineage,
    });
    const other = {
      ...input,
      ModelArn: 'arn',
      CreationTime: new Date(),
      EnableNetworkIsolation: false,
      PrimaryContainer: { ...input.PrimaryContainer, Image: 'other:1' },
    };
    expect(modelDifferences(input, other)).toEqual(['PrimaryContainer.Image', 'EnableNetworkIsolation']);
  });

  it('does not compare tags: a second run writes other lineage values', () => {
    const { input } = buildCloneModelInput({
      source: fullModelDescription('m'),
      sourceTags: [],
      cloneModelName: 'c',
      lineage,
    });
    const described = { ...input, ModelArn: 'arn', CreationTime: new Date() };
    expect(modelDifferences({ ...input, Tags: [{ Key: 'x', Value: 'y' }] }, described)).toEqual([]);
  });
});

describe('endpointConfigDifferences', () => {
  it('finds a swapped variant that runs another model', () => {
    const source = fullEndpointConfigDescription('c', 'm', 's');
    const { input } = buildEndpointConfigInput({
      source,
      sourceTags: [],
      newConfigName: 'n',
      swaps: [{ from: 'm', to: 'm-iso-1' }],
      lineage,
    });
    const described = { ...input, EndpointConfigArn: 'arn', CreationTime: new Date() };
    expect(endpointConfigDifferences(input, described)).toEqual([]);
    expect(endpointConfigDifferences(input, source)).toEqual([
      'ProductionVariants[0].ModelName',
      'ProductionVariants[0].InstancePools[0].ModelNameOverride',
    ]);
  });
});
