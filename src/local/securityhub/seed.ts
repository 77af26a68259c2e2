/**
 * What a scenario's `findings` list may hold: ASFF findings (Security Hub CSPM, `GetFindings`) and OCSF
 * findings (the newer Security Hub, `GetFindingsV2`), as the `detail.findings[0]` of their EventBridge events.
 * Seeding is the sandbox's BatchImportFindings: the attributes ASFF requires of a finding provider must be
 * there, and what Security Hub fills in on import (workflow status, record state, ...) is filled in when absent.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { isRecord } from '../service.ts';

export type JsonObject = Record<string, unknown>;

const Text = z.string().min(1);

/** The attributes ASFF marks required for BatchImportFindings; everything else passes through. */
export const AsffSeed = z.looseObject({
  SchemaVersion: Text,
  Id: Text.max(512),
  ProductArn: Text.max(512),
  GeneratorId: Text.max(512),
  AwsAccountId: z.string().regex(/^\d{12}$/, 'not a 12-digit AWS account id'),
  Types: z.array(Text).min(1).max(50),
  CreatedAt: Text,
  UpdatedAt: Text,
  Severity: z
    .looseObject({ Label: z.string().optional(), Normalized: z.number().optional() })
    .refine(
      (s) => s.Label !== undefined || s.Normalized !== undefined,
      'needs a Label or a Normalized value',
    ),
  Title: Text,
  Description: Text,
  Resources: z
    .array(z.looseObject({ Id: Text, Type: Text }))
    .min(1)
    .max(32),
  Workflow: z.looseObject({ Status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']) }).optional(),
  RecordState: z.enum(['ACTIVE', 'ARCHIVED']).optional(),
});

/** The identifying attributes of an OCSF finding, with what BatchUpdateFindingsV2 changes. */
export const OcsfSeed = z.looseObject({
  class_uid: z.number().int(),
  finding_info: z.looseObject({ uid: Text }),
  metadata: z.looseObject({ uid: Text.optional(), product: z.looseObject({ uid: Text }) }),
  cloud: z.looseObject({ account: z.looseObject({ uid: Text }), region: Text }),
  status_id: z.number().int().optional(),
  status: z.string().optional(),
  comment: z.string().optional(),
});

export type AsffFinding = z.infer<typeof AsffSeed>;
export type OcsfFinding = z.infer<typeof OcsfSeed>;

export type SeedKind = 'asff' | 'ocsf';

/** OCSF findings carry `finding_info` and `class_uid`; ASFF attribute names are capitalised. */
export function seedKind(raw: unknown): SeedKind {
  return isRecord(raw) && ('finding_info' in raw || 'class_uid' in raw) ? 'ocsf' : 'asff';
}

/**
 * The scenario's schema for one finding. A plain union would report "Invalid input" for any mistake; telling
 * the two formats apart first lets every error name its field (`findings[1].finding_info.uid: ...`).
 */
export const SeedFinding = z.unknown().transform((raw, ctx): JsonObject => {
  const result = (seedKind(raw) === 'ocsf' ? OcsfSeed : AsffSeed).safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
  return z.NEVER;
});

const OCSF_STATUS_LABELS: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'New',
  2: 'In Progress',
  3: 'Suppressed',
  4: 'Resolved',
  5: 'Archived',
  99: 'Other',
};

export function ocsfStatusLabel(statusId: number): string {
  return OCSF_STATUS_LABELS[statusId] ?? 'Other';
}

export interface ImportDefaults {
  readonly region: string;
  /** ISO 8601, the sandbox clock's time of import. */
  readonly now: string;
}

/** A copy of an ASFF finding as Security Hub stores it after BatchImportFindings. */
export function importAsff(raw: unknown, defaults: ImportDefaults): AsffFinding {
  const finding = structuredClone(AsffSeed.parse(raw));
  finding.Workflow ??= { Status: 'NEW' };
  finding.WorkflowState ??= 'NEW';
  finding.RecordState ??= 'ACTIVE';
  finding.Region ??= defaults.region;
  finding.ProcessedAt ??= defaults.now;
  return finding;
}

/** An OCSF finding as stored: it always has a `metadata.uid`, the other way to address it. */
export type StoredOcsfFinding = OcsfFinding & { metadata: OcsfFinding['metadata'] & { uid: string } };

/** A copy of an OCSF finding as stored: a status (New unless given) and a `metadata.uid`. */
export function importOcsf(raw: unknown): StoredOcsfFinding {
  const finding = structuredClone(OcsfSeed.parse(raw));
  if (finding.status_id === undefined) {
    finding.status_id = 1;
    finding.status ??= ocsfStatusLabel(1);
  }
  // BatchUpdateFindingsV2 may address findings by MetadataUids; derive a stable uid when the seed has none.
  const uid =
    finding.metadata.uid ??
    createHash('sha256')
      .update(`${finding.cloud.account.uid}\n${finding.metadata.product.uid}\n${finding.finding_info.uid}`)
      .digest('hex');
  return { ...finding, metadata: { ...finding.metadata, uid } };
}
