/**
 * BatchUpdateFindings (ASFF) and BatchUpdateFindingsV2 (OCSF). Both answer 200 even when some findings were
 * not updated: those come back under UnprocessedFindings with an error code, and a caller that only checks
 * the status misses them. Each processed finding is recorded in the history and emits a new event, as
 * Security Hub does. BatchUpdateFindings leaves `UpdatedAt` alone (the user guide says so): only the note
 * carries the time of the update.
 */
import { asffImportedEvent, type EventScope, ocsfImportedEvent } from './events.ts';
import {
  type AsffIdentifier,
  BatchUpdateFindingsRequest,
  BatchUpdateFindingsV2Request,
  type OcsfIdentifier,
  parseRequest,
  type SeverityLabel,
} from './requests.ts';
import { type AsffFinding, ocsfStatusLabel, type StoredOcsfFinding } from './seed.ts';
import type { OcsfRecord, SecurityHubState } from './state.ts';

export interface SecurityHubContext {
  readonly state: SecurityHubState;
  readonly account: string;
  readonly region: string;
  /** Sandbox-clock milliseconds. */
  now(): number;
}

/** ASFF Severity: the Normalized value Security Hub sets for a Label, and the Label for a Normalized score. */
const NORMALIZED_OF: Readonly<Record<SeverityLabel, number>> = {
  INFORMATIONAL: 0,
  LOW: 1,
  MEDIUM: 40,
  HIGH: 70,
  CRITICAL: 90,
};

function labelOf(normalized: number): SeverityLabel {
  if (normalized >= 90) return 'CRITICAL';
  if (normalized >= 70) return 'HIGH';
  if (normalized >= 40) return 'MEDIUM';
  if (normalized >= 1) return 'LOW';
  return 'INFORMATIONAL';
}

const OCSF_SEVERITY_LABELS: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Informational',
  2: 'Low',
  3: 'Medium',
  4: 'High',
  5: 'Critical',
  6: 'Fatal',
  99: 'Other',
};

type AsffUpdate = Omit<BatchUpdateFindingsRequest, 'FindingIdentifiers'>;

function applyAsffUpdate(finding: AsffFinding, update: AsffUpdate, at: string): void {
  if (update.Note !== undefined) {
    finding.Note = { Text: update.Note.Text, UpdatedBy: update.Note.UpdatedBy, UpdatedAt: at };
  }
  if (update.Workflow?.Status !== undefined)
    finding.Workflow = { ...finding.Workflow, Status: update.Workflow.Status };
  if (update.Severity !== undefined) {
    const { Label, Normalized, Product } = update.Severity;
    const severity = { ...finding.Severity };
    if (Label !== undefined) {
      severity.Label = Label;
      severity.Normalized = Normalized ?? NORMALIZED_OF[Label];
    } else if (Normalized !== undefined) {
      severity.Normalized = Normalized;
      severity.Label = labelOf(Normalized);
    }
    if (Product !== undefined) severity.Product = Product;
    finding.Severity = severity;
  }
  if (update.VerificationState !== undefined) finding.VerificationState = update.VerificationState;
  if (update.Confidence !== undefined) finding.Confidence = update.Confidence;
  if (update.Criticality !== undefined) finding.Criticality = update.Criticality;
  if (update.Types !== undefined) finding.Types = [...update.Types];
  if (update.UserDefinedFields !== undefined) finding.UserDefinedFields = { ...update.UserDefinedFields };
  if (update.RelatedFindings !== undefined)
    finding.RelatedFindings = update.RelatedFindings.map((r) => ({ ...r }));
}

function isoAt(ms: number): string {
  return new Date(ms).toISOString();
}

export interface BatchUpdateFindingsOutput {
  ProcessedFindings: AsffIdentifier[];
  UnprocessedFindings: { FindingIdentifier: AsffIdentifier; ErrorCode: string; ErrorMessage: string }[];
}

export function batchUpdateFindings(ctx: SecurityHubContext, body: string): BatchUpdateFindingsOutput {
  const { FindingIdentifiers, ...update } = parseRequest(
    BatchUpdateFindingsRequest,
    body,
    'InvalidInputException',
  );
  const now = ctx.now();
  const scope: EventScope = { account: ctx.account, region: ctx.region, now };
  const output: BatchUpdateFindingsOutput = { ProcessedFindings: [], UnprocessedFindings: [] };
  const seen = new Set<string>();
  for (const identifier of FindingIdentifiers) {
    const FindingIdentifier = { Id: identifier.Id, ProductArn: identifier.ProductArn };
    const key = JSON.stringify([identifier.Id, identifier.ProductArn]);
    if (seen.has(key)) {
      output.UnprocessedFindings.push({
        FindingIdentifier,
        ErrorCode: 'DuplicatedFindingIdentifier',
        ErrorMessage: 'The request names this finding more than once.',
      });
      continue;
    }
    seen.add(key);
    const record = ctx.state.findAsff(identifier.Id, identifier.ProductArn);
    if (record === undefined) {
      output.UnprocessedFindings.push({
        FindingIdentifier,
        ErrorCode: 'FindingNotFound',
        ErrorMessage: 'The FindingIdentifier did not match an existing finding.',
      });
      continue;
    }
    applyAsffUpdate(record.finding, update, isoAt(now));
    ctx.state.record({
      api: 'asff',
      operation: 'BatchUpdateFindings',
      findingId: record.id,
      at: isoAt(now),
      changes: structuredClone(update),
      status: record.finding.Workflow?.Status,
      ...(update.Note === undefined ? {} : { note: update.Note.Text, noteBy: update.Note.UpdatedBy }),
    });
    ctx.state.emit(asffImportedEvent(record, scope));
    output.ProcessedFindings.push(FindingIdentifier);
  }
  return output;
}

type OcsfUpdate = Pick<BatchUpdateFindingsV2Request, 'Comment' | 'SeverityId' | 'StatusId'>;

function applyOcsfUpdate(finding: StoredOcsfFinding, update: OcsfUpdate): void {
  if (update.Comment !== undefined) finding.comment = update.Comment;
  // The API sets the string sibling of each id it changes.
  if (update.StatusId !== undefined) {
    finding.status_id = update.StatusId;
    finding.status = ocsfStatusLabel(update.StatusId);
  }
  if (update.SeverityId !== undefined) {
    finding.severity_id = update.SeverityId;
    finding.severity = OCSF_SEVERITY_LABELS[update.SeverityId] ?? 'Other';
  }
}

interface V2Processed {
  FindingIdentifier?: OcsfIdentifier;
  MetadataUid?: string;
}
interface V2Unprocessed extends V2Processed {
  ErrorCode: string;
  ErrorMessage: string;
}
export interface BatchUpdateFindingsV2Output {
  ProcessedFindings: V2Processed[];
  UnprocessedFindings: V2Unprocessed[];
}

interface Target {
  /** How the request named the finding, echoed back in either list. */
  readonly named: V2Processed;
  readonly key: string;
  readonly record: OcsfRecord | undefined;
}

function targetsOf(ctx: SecurityHubContext, request: BatchUpdateFindingsV2Request): Target[] {
  if (request.MetadataUids !== undefined) {
    return request.MetadataUids.map((uid) => ({
      named: { MetadataUid: uid },
      key: uid,
      record: ctx.state.findOcsfByMetadataUid(uid),
    }));
  }
  return (request.FindingIdentifiers ?? []).map((id) => ({
    named: { FindingIdentifier: { ...id } },
    key: JSON.stringify([id.CloudAccountUid, id.FindingInfoUid, id.MetadataProductUid]),
    record: ctx.state.findOcsf(id.CloudAccountUid, id.FindingInfoUid, id.MetadataProductUid),
  }));
}

export function batchUpdateFindingsV2(ctx: SecurityHubContext, body: string): BatchUpdateFindingsV2Output {
  const request = parseRequest(BatchUpdateFindingsV2Request, body, 'ValidationException');
  const update: OcsfUpdate = {
    ...(request.Comment === undefined ? {} : { Comment: request.Comment }),
    ...(request.SeverityId === undefined ? {} : { SeverityId: request.SeverityId }),
    ...(request.StatusId === undefined ? {} : { StatusId: request.StatusId }),
  };
  const now = ctx.now();
  const output: BatchUpdateFindingsV2Output = { ProcessedFindings: [], UnprocessedFindings: [] };
  const seen = new Set<string>();
  for (const { named, key, record } of targetsOf(ctx, request)) {
    if (seen.has(key)) {
      output.UnprocessedFindings.push({
        ...named,
        ErrorCode: 'ValidationException',
        ErrorMessage: 'The request names this finding more than once.',
      });
      continue;
    }
    seen.add(key);
    if (record === undefined) {
      output.UnprocessedFindings.push({
        ...named,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: 'The finding was not found.',
      });
      continue;
    }
    applyOcsfUpdate(record.finding, update);
    ctx.state.record({
      api: 'ocsf',
      operation: 'BatchUpdateFindingsV2',
      findingId: record.findingInfoUid,
      at: isoAt(now),
      changes: { ...update },
      status: record.finding.status,
      ...(record.finding.status_id === undefined ? {} : { statusId: record.finding.status_id }),
      ...(update.Comment === undefined ? {} : { note: update.Comment }),
    });
    ctx.state.emit(ocsfImportedEvent(record, { account: ctx.account, region: ctx.region, now }));
    output.ProcessedFindings.push({ ...named, MetadataUid: record.metadataUid });
  }
  return output;
}
