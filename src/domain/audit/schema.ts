/**
 * The audit report: every model of an account and region with the verdict the plan would give it. It is
 * what `sm5 audit --json` prints, so its shape is a documented contract (docs/cli.md): add members, never
 * rename or remove them without a new `version`.
 */

import { AccountId, NonEmptyString, Region, ResourceName } from '../names.ts';
import { PlanRisk, ServedBy, Verdict } from '../plan/schema.ts';
import * as z from '../zod.ts';

export const AuditedModel = z.strictObject({
  name: ResourceName,
  arn: NonEmptyString,
  isolated: z.boolean(),
  verdict: Verdict,
  needsApproval: z.boolean(),
  /** Why this verdict, one sentence each (the plan's rules). */
  reasons: z.array(NonEmptyString).check(z.minLength(1)),
  /** Preflight risks of this model and of the models the plan would swap with it; empty unless remediate. */
  risks: z.array(PlanRisk),
  /** Every place an endpoint runs the model. */
  servedBy: z.array(ServedBy),
  /** The isolated clone a remediation would create; null unless the verdict is remediate. */
  cloneModelName: z.nullable(ResourceName),
  /** The `sm5:superseded-by` tag: an earlier run replaced this model and kept it. */
  supersededBy: z.nullable(z.string()),
});
export type AuditedModel = z.infer<typeof AuditedModel>;

export const AuditedEndpoint = z.strictObject({
  name: NonEmptyString,
  status: z.string(),
  configName: z.nullable(z.string()),
  /** The config an update in progress is moving the endpoint to. */
  pendingConfigName: z.nullable(z.string()),
  failureReason: z.nullable(z.string()),
});
export type AuditedEndpoint = z.infer<typeof AuditedEndpoint>;

const Count = z.int().check(z.gte(0));

export const OperationCalls = z.strictObject({
  /** Requests sent, retries included. */
  calls: Count,
  throttled: Count,
});

export const AuditSummary = z.strictObject({
  models: Count,
  isolated: Count,
  notIsolated: Count,
  remediate: Count,
  needsApproval: Count,
  blocked: Count,
  noop: Count,
  endpoints: Count,
});
export type AuditSummary = z.infer<typeof AuditSummary>;

export const AuditReport = z.strictObject({
  version: z.literal(1),
  account: AccountId,
  region: Region,
  summary: AuditSummary,
  /** Sorted by name. */
  models: z.array(AuditedModel),
  /** Sorted by name. */
  endpoints: z.array(AuditedEndpoint),
  /** SageMaker requests by operation: each distinct endpoint config is described once. */
  apiCalls: z.record(z.string(), OperationCalls),
});
export type AuditReport = z.infer<typeof AuditReport>;
