/**
 * What a plan changes, one resource at a time: each endpoint to switch and each model to clone. Apart from
 * the whole plan (./schema.ts), so a step that is handed one of them builds only these schemas.
 */
import { CloneModelRequest, ModelSwap } from '../builders/shapes.ts';
import { NonEmptyString, ResourceName } from '../names.ts';
import * as z from '../zod.ts';

export const PlanVariant = z.strictObject({
  variantName: z.string(),
  kind: z.enum(['production', 'shadow']),
  modelName: z.nullable(z.string()),
  /** The model this variant will run after the switch (the clone, or the same model when not swapped). */
  newModelName: z.nullable(z.string()),
});
export type PlanVariant = z.infer<typeof PlanVariant>;

/** An endpoint to cut over, with the config it runs and the one that replaces it. */
export const PlanEndpoint = z.strictObject({
  endpointName: ResourceName,
  endpointStatus: z.string(),
  currentConfigName: ResourceName,
  newConfigName: ResourceName,
  swappedModels: z.array(ModelSwap).check(z.minLength(1)),
  variants: z.array(PlanVariant),
});
export type PlanEndpoint = z.infer<typeof PlanEndpoint>;

/** A model to clone with isolation on: the requested one, and any other model its configs serve. */
export const PlanClone = z.strictObject({
  sourceModelName: ResourceName,
  sourceModelArn: NonEmptyString,
  cloneModelName: ResourceName,
  /**
   * For the audit: the request the clone step will send, with secret-looking Environment values redacted.
   * Null when the plan had to drop it to stay under the payload limit. The clone step rebuilds the request
   * from the model's description (models are immutable), so this copy is never sent.
   */
  createModelInput: z.nullable(CloneModelRequest),
});
export type PlanClone = z.infer<typeof PlanClone>;
