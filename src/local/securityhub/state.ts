/**
 * Security Hub's findings in the sandbox, in both formats, with what tests read besides the API: the
 * history of every update per finding and the EventBridge events Security Hub emits for them.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import type { FindingEvent } from './events.ts';
import {
  type AsffFinding,
  type ImportDefaults,
  importAsff,
  importOcsf,
  type JsonObject,
  type StoredOcsfFinding,
  seedKind,
} from './seed.ts';

export interface AsffRecord {
  readonly api: 'asff';
  readonly id: string;
  readonly productArn: string;
  /** The finding as GetFindings returns it; updated in place. */
  readonly finding: AsffFinding;
}

export interface OcsfRecord {
  readonly api: 'ocsf';
  readonly findingInfoUid: string;
  readonly cloudAccountUid: string;
  readonly metadataProductUid: string;
  readonly metadataUid: string;
  /** The finding as GetFindingsV2 returns it; updated in place. */
  readonly finding: StoredOcsfFinding;
}

/** One update of one finding, as recorded when BatchUpdateFindings(V2) processed it. */
export interface FindingUpdateRecord {
  readonly api: 'asff' | 'ocsf';
  readonly operation: 'BatchUpdateFindings' | 'BatchUpdateFindingsV2';
  /** ASFF `Id` or OCSF `finding_info.uid`. */
  readonly findingId: string;
  /** Sandbox-clock time, ISO 8601. */
  readonly at: string;
  /** The request members that were applied (FindingIdentifiers left out). */
  readonly changes: Readonly<JsonObject>;
  /** After the update: ASFF `Workflow.Status`, or OCSF `status` (e.g. `In Progress`). */
  readonly status: string | undefined;
  /** OCSF `status_id` after the update. */
  readonly statusId?: number;
  /** The note this update wrote: ASFF `Note.Text`, OCSF `comment`. */
  readonly note?: string;
  /** ASFF `Note.UpdatedBy`. */
  readonly noteBy?: string;
}

function asffKey(id: string, productArn: string): string {
  return JSON.stringify([id, productArn]);
}

function ocsfKey(cloudAccountUid: string, findingInfoUid: string, metadataProductUid: string): string {
  return JSON.stringify([cloudAccountUid, findingInfoUid, metadataProductUid]);
}

export class SecurityHubState {
  private readonly asff = new Map<string, AsffRecord>();
  private readonly ocsf = new Map<string, OcsfRecord>();
  private readonly updates: FindingUpdateRecord[] = [];
  private readonly emitted: FindingEvent[] = [];
  private readonly listeners = new Set<(event: FindingEvent) => void>();

  /** Imports the scenario's findings; a finding listed twice is an error (one identity, one finding). */
  seed(findings: readonly unknown[], defaults: ImportDefaults, source = 'scenario'): void {
    findings.forEach((raw, index) => {
      const where = `Invalid scenario ${source}: findings[${index}]`;
      if (seedKind(raw) === 'ocsf') {
        const finding = importOcsf(raw);
        const record: OcsfRecord = {
          api: 'ocsf',
          findingInfoUid: finding.finding_info.uid,
          cloudAccountUid: finding.cloud.account.uid,
          metadataProductUid: finding.metadata.product.uid,
          metadataUid: finding.metadata.uid,
          finding,
        };
        const key = ocsfKey(record.cloudAccountUid, record.findingInfoUid, record.metadataProductUid);
        const sameUid = [...this.ocsf.values()].some((r) => r.metadataUid === record.metadataUid);
        if (this.ocsf.has(key) || sameUid) {
          throw new InvalidInputError(`${where}: OCSF finding ${record.findingInfoUid} is listed twice`);
        }
        this.ocsf.set(key, record);
        return;
      }
      const finding = importAsff(raw, defaults);
      const record: AsffRecord = { api: 'asff', id: finding.Id, productArn: finding.ProductArn, finding };
      const key = asffKey(record.id, record.productArn);
      if (this.asff.has(key)) {
        throw new InvalidInputError(`${where}: ASFF finding ${record.id} is listed twice`);
      }
      this.asff.set(key, record);
    });
  }

  /** In import order. */
  asffFindings(): readonly AsffRecord[] {
    return [...this.asff.values()];
  }

  ocsfFindings(): readonly OcsfRecord[] {
    return [...this.ocsf.values()];
  }

  findAsff(id: string, productArn: string): AsffRecord | undefined {
    return this.asff.get(asffKey(id, productArn));
  }

  findOcsf(
    cloudAccountUid: string,
    findingInfoUid: string,
    metadataProductUid: string,
  ): OcsfRecord | undefined {
    return this.ocsf.get(ocsfKey(cloudAccountUid, findingInfoUid, metadataProductUid));
  }

  findOcsfByMetadataUid(metadataUid: string): OcsfRecord | undefined {
    return [...this.ocsf.values()].find((r) => r.metadataUid === metadataUid);
  }

  record(update: FindingUpdateRecord): void {
    this.updates.push(update);
  }

  /** Every update of the finding with this ASFF `Id` or OCSF `finding_info.uid`, oldest first. */
  history(findingId: string): readonly FindingUpdateRecord[] {
    return this.updates.filter((u) => u.findingId === findingId);
  }

  emit(event: FindingEvent): void {
    this.emitted.push(event);
    for (const listener of this.listeners) listener(event);
  }

  get events(): readonly FindingEvent[] {
    return this.emitted;
  }

  onEvent(listener: (event: FindingEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
