/**
 * The audit report: every model of an account and region with the verdict the plan would give it. It is
 * what `sm5 audit --json` prints, so its shape is a documented contract (docs/cli.md): add members, never
 * rename or remove them without a new `version`.
 */
import * as z from 'zod';
import { PlanRisk, ServedBy, Verdict } from '../plan/schema.ts';
import { AccountId, Region, ResourceName } from '../request.ts';

export const AuditedModel = z
  .object({
    name: ResourceName,
    arn: z.string().min(1),
    isolated: z.boolean(),
    verdict: Verdict,
    needsApproval: z.boolean(),
    /** Why this verdict, one sentence each (the plan's rules). */
    reasons: z.array(z.string().min(1)).min(1),
    /** Preflight risks of this model and of the models the plan would swap with it; empty unless remediate. */
    risks: z.array(PlanRisk),
    /** Every place an endpoint runs the model. */
    servedBy: z.array(ServedBy),
    /** The isolated clone a remediation would create; null unless the verdict is remediate. */
    cloneModelName: ResourceName.nullable(),
    /** The `sm5:superseded-by` tag: an earlier run replaced this model and kept it. */
    supersededBy: z.string().nullable(),
  })
  .strict();
export type AuditedModel = z.infer<typeof AuditedModel>;

export const AuditedEndpoint = z
  .object({
    name: z.string().min(1),
    status: z.string(),
    configName: z.string().nullable(),
    /** The config an update in progress is moving the endpoint to. */
    pendingConfigName: z.string().nullable(),
    failureReason: z.string().nullable(),
  })
  .strict();
export type AuditedEndpoint = z.infer<typeof AuditedEndpoint>;

export const OperationCalls = z
  .object({
    /** Requests sent, retries included. */
    calls: z.number().int().min(0),
    throttled: z.number().int().min(0),
  })
  .strict();

export const AuditSummary = z
  .object({
    models: z.number().int().min(0),
    isolated: z.number().int().min(0),
    notIsolated: z.number().int().min(0),
    remediate: z.number().int().min(0),
    needsApproval: z.number().int().min(0),
    blocked: z.number().int().min(0),
    noop: z.number().int().min(0),
    endpoints: z.number().int().min(0),
  })
  .strict();
export type AuditSummary = z.infer<typeof AuditSummary>;

export const AuditReport = z
  .object({
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
  })
  .strict();
export type AuditReport = z.infer<typeof AuditReport>;
