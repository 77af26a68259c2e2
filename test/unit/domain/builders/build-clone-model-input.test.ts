import { describe, expect, it } from 'vitest';
import {
  buildCloneModelInput,
  MODEL_MEMBERS_NOT_COPIED,
} from '../../../../src/domain/builders/build-clone-model-input.ts';
import { TAG_FINDING, TAG_RUN, TAG_SOURCE_MODEL } from '../../../../src/domain/builders/lineage-tags.ts';
import { fullModelDescription } from './full-descriptions.ts';

const lineage = { findingId: 'arn:aws:securityhub:us-east-1:111122223333:finding/abc', runId: 'run-1' };

describe('buildCloneModelInput', () => {
  it('copies every input member of the description, unchanged', () => {
    // Prepare: a description with every member set
    const source = fullModelDescription('Churn-Model');
    // Act
    const { input } = buildCloneModelInput({ source, sourceTags: [], cloneModelName: 'clone', lineage });
    // Assess: each member the description has, except the output-only ones, is in the request as it was
    const notCopied = new Set<string>(MODEL_MEMBERS_NOT_COPIED);
    const copied = Object.keys(source).filter((k) => !notCopied.has(k));
    expect(copied.length).toBeGreaterThanOrEqual(5);
    for (const member of copied) {
      expect(input, member).toHaveProperty(member);
      expect(Reflect.get(input, member), member).toEqual(Reflect.get(source, member));
    }
  });

  it('keeps every field of every container, primary and pipeline alike', () => {
    const source = fullModelDescription('m');
    const { input } = buildCloneModelInput({ source, sourceTags: [], cloneModelName: 'clone', lineage });
    expect(Object.keys(input.PrimaryContainer ?? {}).sort()).toEqual(
      Object.keys(source.PrimaryContainer).sort(),
    );
    expect(input.Containers).toEqual(source.Containers);
  });

  it('sets the clone name and network isolation, and drops output-only members', () => {
    const source = fullModelDescription('m');
    const { input } = buildCloneModelInput({
      source,
      sourceTags: [],
      cloneModelName: 'm-iso-12345678',
      lineage,
    });
    expect(input.ModelName).toBe('m-iso-12345678');
    expect(input.EnableNetworkIsolation).toBe(true);
    for (const member of ['ModelArn', 'CreationTime', 'DeploymentRecommendation', '$metadata']) {
      expect(input).not.toHaveProperty(member);
    }
  });

  it('drops the SDK response metadata a description straight from a client carries', () => {
    const source = { ...fullModelDescription('m'), $metadata: { httpStatusCode: 200 } };
    const { input } = buildCloneModelInput({ source, sourceTags: [], cloneModelName: 'c', lineage });
    expect(input).not.toHaveProperty('$metadata');
  });

  it('does not share objects with the description, so changing one never changes the other', () => {
    const source = fullModelDescription('m');
    const { input } = buildCloneModelInput({ source, sourceTags: [], cloneModelName: 'c', lineage });
    expect(input.PrimaryContainer).not.toBe(source.PrimaryContainer);
    expect(input.PrimaryContainer?.Environment).not.toBe(source.PrimaryContainer.Environment);
  });

  it("copies the original's tags except aws: ones and old lineage, then adds lineage tags", () => {
    const sourceTags = [
      { Key: 'team', Value: 'growth' },
      { Key: 'aws:cloudformation:stack-name', Value: 'ml' },
      { Key: TAG_RUN, Value: 'an-older-run' },
      { Key: 'sm5:superseded-by', Value: 'x' },
    ];
    const { input, droppedTags } = buildCloneModelInput({
      source: fullModelDescription('Churn-Model'),
      sourceTags,
      cloneModelName: 'c',
      lineage,
    });
    expect(input.Tags).toEqual([
      { Key: 'team', Value: 'growth' },
      { Key: TAG_SOURCE_MODEL, Value: 'Churn-Model' },
      { Key: TAG_RUN, Value: 'run-1' },
      { Key: TAG_FINDING, Value: lineage.findingId },
    ]);
    expect(droppedTags).toEqual([]);
  });

  it('truncates the finding id to the 256 characters a tag value may hold', () => {
    const longId = `arn:aws:securityhub:us-east-1:111122223333:finding/${'f'.repeat(400)}`;
    const { input } = buildCloneModelInput({
      source: fullModelDescription('m'),
      sourceTags: [],
      cloneModelName: 'c',
      lineage: { findingId: longId, runId: null },
    });
    const finding = input.Tags?.find((t) => t.Key === TAG_FINDING)?.Value ?? '';
    expect(finding).toHaveLength(256);
    expect(longId.startsWith(finding)).toBe(true);
    expect(input.Tags?.some((t) => t.Key === TAG_RUN)).toBe(false);
  });

  it('stays within 50 tags: the owner keeps every tag and the lineage tags that do not fit are dropped', () => {
    const sourceTags = Array.from({ length: 49 }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));
    const { input, droppedTags } = buildCloneModelInput({
      source: fullModelDescription('m'),
      sourceTags,
      cloneModelName: 'c',
      lineage,
    });
    expect(input.Tags).toHaveLength(50);
    expect(input.Tags?.slice(0, 49)).toEqual(sourceTags);
    expect(input.Tags?.[49]).toEqual({ Key: TAG_SOURCE_MODEL, Value: 'm' });
    expect(droppedTags).toEqual([TAG_RUN, TAG_FINDING]);
  });
});
