/**
 * The plan: what sm5 decided about one model and why, and every resource it will create, switch and retire.
 * It is the audit record (the workflow's Plan step output, `sm5 plan --json`), so it is plain JSON, strict,
 * and small enough for a Step Functions payload (256 KiB).
 */
import * as z from 'zod';
import { CloneModelRequest, Lineage, ModelSwap } from '../builders/shapes.ts';
import { Risk } from '../preflight.ts';
import { RemediationRequest, ResourceName } from '../request.ts';

export const Verdict = z.enum(['noop', 'blocked', 'remediate']);
export type Verdict = z.infer<typeof Verdict>;

export const ServingKind = z.enum(['production', 'shadow', 'inference-component']);
export type ServingKind = z.infer<typeof ServingKind>;

/** One place an endpoint runs the model. */
export const ServedBy = z
  .object({
    endpointName: z.string().min(1),
    endpointStatus: z.string(),
    configName: z.string().min(1),
    /** Null for an inference component. */
    variantName: z.string().nullable(),
    kind: ServingKind,
    serverless: z.boolean(),
    /** Set when the endpoint is being updated to this config rather than already running it. */
    pending: z.boolean(),
    /** The config's variants name no model: models reach this endpoint through inference components. */
    inferenceComponentEndpoint: z.boolean(),
    inferenceComponentName: z.string().nullable(),
  })
  .strict();
export type ServedBy = z.infer<typeof ServedBy>;

export const PlanVariant = z
  .object({
    variantName: z.string(),
    kind: z.enum(['production', 'shadow']),
    modelName: z.string().nullable(),
    /** The model this variant will run after the switch (the clone, or the same model when not swapped). */
    newModelName: z.string().nullable(),
  })
  .strict();
export type PlanVariant = z.infer<typeof PlanVariant>;

/** An endpoint to cut over, with the config it runs and the one that replaces it. */
export const PlanEndpoint = z
  .object({
    endpointName: ResourceName,
    endpointStatus: z.string(),
    currentConfigName: ResourceName,
    newConfigName: ResourceName,
    swappedModels: z.array(ModelSwap).min(1),
    variants: z.array(PlanVariant),
  })
  .strict();
export type PlanEndpoint = z.infer<typeof PlanEndpoint>;

/** A model to clone with isolation on: the requested one, and any other model its configs serve. */
export const PlanClone = z
  .object({
    sourceModelName: ResourceName,
    sourceModelArn: z.string().min(1),
    cloneModelName: ResourceName,
    /**
     * For the audit: the request the clone step will send, with secret-looking Environment values redacted.
     * Null when the plan had to drop it to stay under the payload limit. The clone step rebuilds the request
     * from the model's description (models are immutable), so this copy is never sent.
     */
    createModelInput: CloneModelRequest.nullable(),
  })
  .strict();
export type PlanClone = z.infer<typeof PlanClone>;

export const PlanRisk = Risk.extend({ modelName: z.string().min(1) }).strict();
export type PlanRisk = z.infer<typeof PlanRisk>;

const ResourceType = z.enum(['model', 'endpoint-config']);

export const PlannedResources = z
  .object({
    create: z.array(z.object({ type: ResourceType, name: ResourceName, from: ResourceName }).strict()),
    switch: z.array(
      z.object({ endpointName: ResourceName, fromConfig: ResourceName, toConfig: ResourceName }).strict(),
    ),
    retire: z.array(z.object({ type: ResourceType, name: ResourceName, replacedBy: ResourceName }).strict()),
  })
  .strict();
export type PlannedResources = z.infer<typeof PlannedResources>;

export const PlannedModel = z
  .object({
    /** The real name, which the request's ARN may have lowercased. */
    name: ResourceName,
    arn: z.string().min(1),
    isolated: z.boolean(),
  })
  .strict();

export const Plan = z
  .object({
    version: z.literal(1),
    request: RemediationRequest,
    lineage: Lineage,
    /** Null when the model no longer exists. */
    model: PlannedModel.nullable(),
    verdict: Verdict,
    /** Human-readable, one sentence each: why this verdict, and what the run will do. */
    reasons: z.array(z.string().min(1)).min(1),
    needsApproval: z.boolean(),
    risks: z.array(PlanRisk),
    /** The requested model's clone; null unless the verdict is remediate. */
    cloneModelName: ResourceName.nullable(),
    clones: z.array(PlanClone),
    endpoints: z.array(PlanEndpoint),
    /** Every endpoint that runs the model, whatever the verdict. */
    servedBy: z.array(ServedBy),
    resources: PlannedResources,
  })
  .strict();
export type Plan = z.infer<typeof Plan>;
