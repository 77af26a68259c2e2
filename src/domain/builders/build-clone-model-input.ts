/**
 * The CreateModel request for a model's isolated clone: every member of the original's description except
 * the output-only ones, with network isolation on, the original's tags (not `aws:`) and lineage tags.
 */
import type { CreateModelInput, DescribeModelOutput, Tag } from '@aws-sdk/client-sagemaker';
import { copyWithout } from './copy.ts';
import { copyableTags, lineageTags, mergeTags, TAG_SOURCE_MODEL } from './lineage-tags.ts';
import type { Lineage } from './shapes.ts';

/**
 * Members of DescribeModel that CreateModel does not take (or that the clone sets itself). `$metadata` is
 * the SDK's response metadata, present when a description comes straight from a client.
 */
export const MODEL_MEMBERS_NOT_COPIED = [
  'ModelName',
  'ModelArn',
  'CreationTime',
  'DeploymentRecommendation',
  'EnableNetworkIsolation',
  '$metadata',
] as const;

export interface CloneModelRequestBuild {
  input: CreateModelInput & { ModelName: string; EnableNetworkIsolation: true };
  /** Lineage tags that did not fit under the 50-tag limit. */
  droppedTags: string[];
}

export function buildCloneModelInput(args: {
  source: DescribeModelOutput;
  sourceTags: readonly Tag[];
  cloneModelName: string;
  lineage: Lineage;
}): CloneModelRequestBuild {
  const { source, sourceTags, cloneModelName, lineage } = args;
  const members = copyWithout(source, MODEL_MEMBERS_NOT_COPIED);
  const { tags, dropped } = mergeTags(
    copyableTags(sourceTags),
    lineageTags(TAG_SOURCE_MODEL, source.ModelName ?? '', lineage),
  );
  return {
    input: {
      ...members,
      ModelName: cloneModelName,
      EnableNetworkIsolation: true,
      ...(tags.length > 0 ? { Tags: tags } : {}),
    },
    droppedTags: dropped,
  };
}
