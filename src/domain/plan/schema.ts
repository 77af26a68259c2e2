/**
 * The plan: what sm5 decided about one model and why, and every resource it will create, switch and retire.
 * It is the audit record (the workflow's Plan step output, `sm5 plan --json`), so it is plain JSON, strict,
 * and small enough for a Step Functions payload (256 KiB).
 */
import { Lineage } from '../builders/shapes.ts';
import { NonEmptyString, ResourceName } from '../names.ts';
import { Risk } from '../preflight.ts';
import { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { PlanClone, PlanEndpoint } from './changes.ts';

export { PlanClone, PlanEndpoint, PlanVariant } from './changes.ts';

export const Verdict = z.enum(['noop', 'blocked', 'remediate']);
export type Verdict = z.infer<typeof Verdict>;

export const ServingKind = z.enum(['production', 'shadow', 'inference-component']);
export type ServingKind = z.infer<typeof ServingKind>;

/** One place an endpoint runs the model. */
export const ServedBy = z.strictObject({
  endpointName: NonEmptyString,
  endpointStatus: z.string(),
  configName: NonEmptyString,
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

export const PlanRisk = z.extend(Risk, { modelName: NonEmptyString });
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
  arn: NonEmptyString,
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
  reasons: z.array(NonEmptyString).check(z.minLength(1)),
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
