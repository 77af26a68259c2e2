/**
 * The EventBridge events Security Hub emits when a finding changes. Every BatchUpdateFindings emits a new
 * "Security Hub Findings - Imported" event carrying the updated finding (and BatchUpdateFindingsV2 a
 * "Findings Imported V2" one), which is why sm5's rules filter on Workflow.Status NEW / status_id 1: the
 * sandbox keeps these events so a test can show that sm5's own updates do not trigger it again.
 */
import { createHash, randomUUID } from 'node:crypto';
import { DETAIL_TYPE, SECURITY_HUB_SOURCE } from '../../domain/event-patterns.ts';
import type { JsonObject } from './seed.ts';
import type { AsffRecord, OcsfRecord } from './state.ts';

/** The envelope of the samples in ../shared/samples; one finding per event. */
export interface FindingEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: typeof SECURITY_HUB_SOURCE;
  readonly account: string;
  /** ISO 8601 to the second, as EventBridge writes it. */
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: { readonly findings: readonly JsonObject[] };
}

export interface EventScope {
  readonly account: string;
  readonly region: string;
  /** Sandbox-clock milliseconds. */
  readonly now: number;
}

function eventTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `resources[0]` is the product ARN and the finding id joined by a slash. */
export function asffImportedEvent(record: AsffRecord, scope: EventScope): FindingEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPE.imported,
    source: SECURITY_HUB_SOURCE,
    account: scope.account,
    time: eventTime(scope.now),
    region: scope.region,
    resources: [`${record.productArn}/${record.id}`],
    // A snapshot: later updates must not rewrite an event already emitted.
    detail: { findings: [structuredClone(record.finding)] },
  };
}

/** `resources[0]` of the V2 event is an opaque 64-hex-digit hash, not an ARN. */
export function ocsfImportedEvent(record: OcsfRecord, scope: EventScope): FindingEvent {
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': DETAIL_TYPE.importedV2,
    source: SECURITY_HUB_SOURCE,
    account: scope.account,
    time: eventTime(scope.now),
    region: scope.region,
    resources: [createHash('sha256').update(record.metadataUid).digest('hex')],
    detail: { findings: [structuredClone(record.finding)] },
  };
}
