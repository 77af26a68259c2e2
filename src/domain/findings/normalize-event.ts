import { FindingRejectedError, isSm5Error, type Sm5Error, UnsupportedEventError } from '../errors.ts';
import { DETAIL_TYPE, SECURITY_HUB_SOURCE } from '../event-patterns.ts';
import type { FindingRef, RemediationRequest } from '../request.ts';
import { normalizeAsffFinding } from './asff-finding.ts';
import { type NormalizeContext, type ResolvedContext, resolveContext } from './context.ts';
import { describeIssues } from './describe-issues.ts';
import { EnvelopeOf, EventEnvelope } from './events.ts';
import { findingIdOf, findingRefOf } from './finding-ref.ts';
import { normalizeOcsfFinding } from './ocsf-finding.ts';

interface ParsedEvent {
  detailType: string;
  api: 'asff' | 'ocsf';
  trigger: 'auto' | 'custom-action';
  findings: unknown[];
}

const KINDS = {
  [DETAIL_TYPE.imported]: { api: 'asff', trigger: 'auto' },
  [DETAIL_TYPE.customAction]: { api: 'asff', trigger: 'custom-action' },
  [DETAIL_TYPE.importedV2]: { api: 'ocsf', trigger: 'auto' },
} as const;

function isKnownDetailType(detailType: string): detailType is keyof typeof KINDS {
  return Object.hasOwn(KINDS, detailType);
}

function parseEvent(input: unknown): ParsedEvent {
  const envelope = EventEnvelope.safeParse(input);
  if (!envelope.success) {
    throw new UnsupportedEventError(`not an EventBridge event: ${describeIssues(envelope.error, '')}`);
  }
  const { source, 'detail-type': detailType } = envelope.data;
  if (source !== SECURITY_HUB_SOURCE) {
    throw new UnsupportedEventError(
      `source "${source}" is not handled: sm5 reads ${SECURITY_HUB_SOURCE} events`,
    );
  }
  if (!isKnownDetailType(detailType)) {
    const known = Object.keys(KINDS).map((name) => `"${name}"`);
    throw new UnsupportedEventError(
      `detail-type "${detailType}" is not handled: sm5 reads ${known.join(', ')}`,
    );
  }
  const parsed = EnvelopeOf[detailType].safeParse(input);
  if (!parsed.success) {
    throw new UnsupportedEventError(`malformed "${detailType}" event: ${describeIssues(parsed.error, '')}`);
  }
  return { detailType, ...KINDS[detailType], findings: parsed.data.detail.findings };
}

function normalizeFinding(event: ParsedEvent, index: number, ctx: ResolvedContext): RemediationRequest {
  const raw = event.findings[index];
  const path = `detail.findings[${index}]`;
  return event.api === 'ocsf'
    ? normalizeOcsfFinding(raw, path, ctx)
    : normalizeAsffFinding(raw, path, ctx, event.trigger);
}

function noFinding(event: ParsedEvent): FindingRejectedError {
  return new FindingRejectedError('no-finding', `the "${event.detailType}" event carries no finding`);
}

/**
 * A single-finding event (Imported, Imported V2, or a custom action on one finding) to a request.
 * Throws FindingRejectedError (a finding sm5 must not act on), UnsupportedEventError (not an event or a
 * finding sm5 can read, or several findings: use normalizeEventAll) or InvalidInputError (a bad context).
 */
export function normalizeEvent(input: unknown, context: NormalizeContext): RemediationRequest {
  const ctx = resolveContext(context);
  const event = parseEvent(input);
  if (event.findings.length === 0) throw noFinding(event);
  if (event.findings.length > 1) {
    throw new UnsupportedEventError(
      `the "${event.detailType}" event carries ${event.findings.length} findings: normalizeEventAll handles several`,
    );
  }
  return normalizeFinding(event, 0, ctx);
}

export interface RejectedFinding {
  /** The finding's Id (ASFF) or finding_info.uid (OCSF), else its place in the event. */
  findingId: string;
  /** Where to write the note saying why, when the finding identifies itself well enough. */
  finding: FindingRef | null;
  error: Sm5Error;
}

export interface NormalizedFindings {
  requests: RemediationRequest[];
  rejected: RejectedFinding[];
}

/**
 * Every finding of an event, each on its own: a custom action can carry several, and one bad finding must
 * not stop the others. Throws only when the event itself is unusable or carries no finding.
 */
export function normalizeEventAll(input: unknown, context: NormalizeContext): NormalizedFindings {
  const ctx = resolveContext(context);
  const event = parseEvent(input);
  if (event.findings.length === 0) throw noFinding(event);
  const result: NormalizedFindings = { requests: [], rejected: [] };
  event.findings.forEach((raw, index) => {
    try {
      result.requests.push(normalizeFinding(event, index, ctx));
    } catch (error) {
      if (!isSm5Error(error)) throw error;
      const findingId = findingIdOf(raw, `detail.findings[${index}]`);
      result.rejected.push({ findingId, finding: findingRefOf(raw, event.api), error });
    }
  });
  return result;
}

/** The findings an event carries, to record an outcome when normalisation failed; [] for an unreadable event. */
export function findingRefsOf(input: unknown): FindingRef[] {
  try {
    const event = parseEvent(input);
    return event.findings.flatMap((raw) => findingRefOf(raw, event.api) ?? []);
  } catch (error) {
    if (isSm5Error(error)) return [];
    throw error;
  }
}
