/**
 * The plan: what sm5 decided about one model and why, and every resource it will create, switch and retire.
 * It is the audit record (the workflow's Plan step output, `sm5 plan --json`), so it is plain JSON, strict,
 * and small enough for a Step Functions payload (256 KiB).
 */
import { CloneModelRequest, Lineage, ModelSwap } from '../builders/shapes.ts';
import { Risk } from '../preflight.ts';
import { RemediationRequest, ResourceName } from '../request.ts';
import * as z from '../zod.ts';

const NonEmpty = z.string().check(z.minLength(1));

export const Verdict = z.enum(['noop', 'blocked', 'remediate']);
export type Verdict = z.infer<typeof Verdict>;

export const ServingKind = z.enum(['production', 'shadow', 'inference-component']);
export type ServingKind = z.infer<typeof ServingKind>;

/** One place an endpoint runs the model. */
export const ServedBy = z.strictObject({
  endpointName: NonEmpty,
  endpointStatus: z.string(),
  configName: NonEmpty,
  /** Null for an inference component. */
  variantName: z.nullable(z.string()),
  kind: ServingKind,
  serverless: z.boolean(),
  /** Set when the endpoint is being updated to this config rather than already running it. */
  pending: z.boolean(),
  /** The config's variants name no model: models reach this endpoint through inference components. */
  inferenceComponentEndpoint: z.boolean(),
  inferenceComponentName: z.nullable(z.string()),
});
export type ServedBy = z.infer<typeof ServedBy>;

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
  sourceModelArn: NonEmpty,
  cloneModelName: ResourceName,
  /**
   * For the audit: the request the clone step will send, with secret-looking Environment values redacted.
   * Null when the plan had to drop it to stay under the payload limit. The clone step rebuilds the request
   * from the model's description (models are immutable), so this copy is never sent.
   */
  createModelInput: z.nullable(CloneModelRequest),
});
export type PlanClone = z.infer<typeof PlanClone>;

export const PlanRisk = z.extend(Risk, { modelName: NonEmpty });
export type PlanRisk = z.infer<typeof PlanRisk>;

const ResourceType = z.enum(['model', 'endpoint-config']);

export const PlannedResources = z.strictObject({
  create: z.array(z.strictObject({ type: ResourceType, name: ResourceName, from: ResourceName })),
  switch: z.array(
    z.strictObject({ endpointName: ResourceName, fromConfig: ResourceName, toConfig: ResourceName }),
  ),
  retire: z.array(z.strictObject({ type: ResourceType, name: ResourceName, replacedBy: ResourceName })),
});
export type PlannedResources = z.infer<typeof PlannedResources>;

export const PlannedModel = z.strictObject({
  /** The real name, which the request's ARN may have lowercased. */
  name: ResourceName,
  arn: NonEmpty,
  isolated: z.boolean(),
});

export const Plan = z.strictObject({
  version: z.literal(1),
  request: RemediationRequest,
  lineage: Lineage,
  /** Null when the model no longer exists. */
  model: z.nullable(PlannedModel),
  verdict: Verdict,
  /** Human-readable, one sentence each: why this verdict, and what the run will do. */
  reasons: z.array(NonEmpty).check(z.minLength(1)),
  needsApproval: z.boolean(),
  risks: z.array(PlanRisk),
  /** The requested model's clone; null unless the verdict is remediate. */
  cloneModelName: z.nullable(ResourceName),
  clones: z.array(PlanClone),
  endpoints: z.array(PlanEndpoint),
  /** Every endpoint that runs the model, whatever the verdict. */
  servedBy: z.array(ServedBy),
  resources: PlannedResources,
});
export type Plan = z.infer<typeof Plan>;
