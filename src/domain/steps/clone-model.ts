/**
 * CloneModel: create the isolated clone of one model. The request is rebuilt from the model's description
 * at this moment (models are immutable, so it equals the plan's), never sent from the plan, whose copy is
 * redacted. Safe to repeat: an existing clone is compared with what this step would create.
 */
import { buildCloneModelInput } from '../builders/build-clone-model-input.ts';
import { modelDifferences } from '../builders/compare-existing.ts';
import { TAG_SOURCE_MODEL } from '../builders/lineage-tags.ts';
import { Lineage } from '../builders/shapes.ts';
import {
  InvalidInputError,
  ModelNotFoundError,
  PlanOutdatedError,
  ResourceConflictError,
} from '../errors.ts';
import { NonEmptyString, ResourceName } from '../names.ts';
import { cloneModelName } from '../naming.ts';
import { PlanClone } from '../plan/changes.ts';
import type { SageMakerPort } from '../ports.ts';
import * as z from '../zod.ts';

/** The SageMaker operations this step calls, and all its Lambda bundles. */
export type CloneModelSageMaker = Pick<SageMakerPort, 'describeModel' | 'listTags' | 'createModel'>;

export const CloneModelInput = z.strictObject({ clone: PlanClone, lineage: Lineage });
export type CloneModelInput = z.infer<typeof CloneModelInput>;

export const CloneModelOutput = z.strictObject({
  sourceModelName: ResourceName,
  cloneModelName: ResourceName,
  cloneModelArn: NonEmptyString,
  action: z.enum(['created', 'exists']),
});
export type CloneModelOutput = z.infer<typeof CloneModelOutput>;

/** ARNs carry names lowercased; the clone lives next to its source. */
function siblingArn(sourceArn: string, name: string): string {
  return sourceArn.replace(/model\/[^/]+$/, `model/${name.toLowerCase()}`);
}

export async function cloneModel(
  input: CloneModelInput,
  deps: { sagemaker: CloneModelSageMaker },
): Promise<CloneModelOutput> {
  const { sagemaker } = deps;
  const { clone, lineage } = input;
  const result = (action: CloneModelOutput['action'], arn: string): CloneModelOutput => ({
    sourceModelName: clone.sourceModelName,
    cloneModelName: clone.cloneModelName,
    cloneModelArn: arn,
    action,
  });

  const source = await sagemaker.describeModel(clone.sourceModelName);
  if (source?.ModelName === undefined || source.ModelArn === undefined) {
    return cloneOfVanishedSource(sagemaker, clone, result);
  }
  if (cloneModelName(source.ModelName) !== clone.cloneModelName) {
    throw new InvalidInputError(
      `clone name ${clone.cloneModelName} is not the one sm5 derives from model ${source.ModelName}`,
    );
  }
  if (source.EnableNetworkIsolation === true) {
    throw new PlanOutdatedError(`model ${source.ModelName} is isolated now: there is nothing to clone`);
  }

  const sourceTags = await sagemaker.listTags(source.ModelArn);
  const { input: request } = buildCloneModelInput({
    source,
    sourceTags,
    cloneModelName: clone.cloneModelName,
    lineage,
  });
  const arn = siblingArn(source.ModelArn, clone.cloneModelName);
  if ((await sagemaker.createModel(request)) === 'created') return result('created', arn);

  const existing = await sagemaker.describeModel(clone.cloneModelName);
  if (existing === undefined) {
    throw new ResourceConflictError(
      `model ${clone.cloneModelName} was reported as existing but cannot be described; run again`,
    );
  }
  const different = modelDifferences(request, existing);
  if (different.length > 0) {
    throw new ResourceConflictError(
      `model ${clone.cloneModelName} exists but is not an isolated clone of ${source.ModelName}: ${different.join(', ')} differ`,
    );
  }
  return result('exists', existing.ModelArn ?? arn);
}

/**
 * The source is gone: an earlier attempt may have finished and retired it. That is fine only if the clone
 * it left is isolated and says it came from this source.
 */
async function cloneOfVanishedSource(
  sagemaker: CloneModelSageMaker,
  clone: PlanClone,
  result: (action: 'exists', arn: string) => CloneModelOutput,
): Promise<CloneModelOutput> {
  const existing = await sagemaker.describeModel(clone.cloneModelName);
  if (existing?.ModelArn !== undefined && existing.EnableNetworkIsolation === true) {
    const tags = await sagemaker.listTags(existing.ModelArn);
    const source = tags.find((t) => t.Key === TAG_SOURCE_MODEL)?.Value;
    if (source?.toLowerCase() === clone.sourceModelName.toLowerCase())
      return result('exists', existing.ModelArn);
  }
  throw new ModelNotFoundError(`model ${clone.sourceModelName} no longer exists and has no isolated clone`);
}
