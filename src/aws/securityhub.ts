/**
 * SecurityHubPort over the AWS SDK v3: ASFF findings go back through BatchUpdateFindings, OCSF findings
 * through BatchUpdateFindingsV2. Both answer 200 even when the finding was not updated, listing it under
 * UnprocessedFindings, so a 200 is not success until that list is empty.
 */
import {
  BatchUpdateFindingsCommand,
  BatchUpdateFindingsV2Command,
  type SecurityHubClient,
} from '@aws-sdk/client-securityhub';
import { FindingUpdateError } from '../domain/errors.ts';
import type { FindingUpdate, FindingWorkflowStatus, SecurityHubPort } from '../domain/ports.ts';
import type { FindingRef } from '../domain/request.ts';
import { type AwsErrorContext, toDomainError } from './errors.ts';

/** Note.Text (v1) and Comment (v2) both accept at most 512 characters. */
export const MAX_NOTE_LENGTH = 512;
export const NOTE_AUTHOR = 'sm5';

/**
 * OCSF status_id for each ASFF workflow status. 1 (New) and 4 (Resolved) are documented; 2 (In progress)
 * and 3 (Suppressed) follow the OCSF enumeration, which aws-facts.md marks unverified for Security Hub.
 */
export const OCSF_STATUS_ID: Readonly<Record<FindingWorkflowStatus, number>> = {
  NEW: 1,
  NOTIFIED: 2,
  SUPPRESSED: 3,
  RESOLVED: 4,
};

/**
 * Keeps at most `max` UTF-16 units, which also bounds the code points, so the text fits however the service
 * counts; cuts between characters, never inside a surrogate pair, and marks the cut with `…`.
 */
export function truncateNote(text: string, max: number = MAX_NOTE_LENGTH): string {
  if (text.length <= max) return text;
  const marker = '…';
  let kept = '';
  for (const char of text) {
    if (kept.length + char.length + marker.length > max) break;
    kept += char;
  }
  return kept + marker;
}

interface Unprocessed {
  ErrorCode?: string | undefined;
  ErrorMessage?: string | undefined;
}

function failIfUnprocessed(api: string, findingId: string, unprocessed: readonly Unprocessed[] | undefined) {
  const first = unprocessed?.[0];
  if (first === undefined) return;
  const code = first.ErrorCode ?? 'UnknownError';
  const reason = first.ErrorMessage ?? 'no message';
  throw new FindingUpdateError(`${api} did not update finding ${findingId}: ${code}: ${reason}`);
}

export function securityHubGateway(client: SecurityHubClient): SecurityHubPort {
  const updateAsff = async (ref: Extract<FindingRef, { api: 'asff' }>, update: FindingUpdate) => {
    const text = truncateNote(update.note);
    const context: AwsErrorContext = { operation: 'BatchUpdateFindings', resource: 'finding', name: ref.id };
    try {
      const out = await client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: ref.id, ProductArn: ref.productArn }],
          Workflow: { Status: update.status },
          // Note.Text must not be empty: without a note only the status changes.
          ...(text === '' ? {} : { Note: { Text: text, UpdatedBy: NOTE_AUTHOR } }),
        }),
      );
      failIfUnprocessed('BatchUpdateFindings', ref.id, out.UnprocessedFindings);
    } catch (e) {
      throw toDomainError(e, context);
    }
  };

  const updateOcsf = async (ref: Extract<FindingRef, { api: 'ocsf' }>, update: FindingUpdate) => {
    const text = truncateNote(update.note);
    const context: AwsErrorContext = {
      operation: 'BatchUpdateFindingsV2',
      resource: 'finding',
      name: ref.findingInfoUid,
    };
    try {
      const out = await client.send(
        new BatchUpdateFindingsV2Command({
          FindingIdentifiers: [
            {
              CloudAccountUid: ref.cloudAccountUid,
              FindingInfoUid: ref.findingInfoUid,
              MetadataProductUid: ref.metadataProductUid,
            },
          ],
          StatusId: OCSF_STATUS_ID[update.status],
          // Comment has a minimum length of 1.
          ...(text === '' ? {} : { Comment: text }),
        }),
      );
      failIfUnprocessed('BatchUpdateFindingsV2', ref.findingInfoUid, out.UnprocessedFindings);
    } catch (e) {
      throw toDomainError(e, context);
    }
  };

  return {
    updateFinding: (ref, update) => (ref.api === 'asff' ? updateAsff(ref, update) : updateOcsf(ref, update)),
  };
}
