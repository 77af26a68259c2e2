/**
 * Security Hub as an event source on the sandbox's bus: the events its updates emit are forwarded as they
 * happen (so a test sees that sm5's own updates do not start runs), and `importedEvents` builds the events
 * Security Hub sends when it imports findings, which is how the demo's findings reach the rules.
 */
import { DETAIL_TYPE, SECURITY_HUB_SOURCE } from '../../domain/event-patterns.ts';
import type { EventBus, EventInput } from './bus.ts';

interface EventSource {
  onEvent(listener: (event: unknown) => void): () => void;
}

/** Puts every event the source emits on the bus; returns a function that stops forwarding. */
export function forwardEvents(source: EventSource, bus: EventBus): () => void {
  return source.onEvent((event) => {
    // Fire and forget, as EventBridge is to its sources; `bus.idle()` waits for the deliveries.
    void bus.publish(structuredClone(event));
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** "Security Hub Findings - Imported" for an ASFF finding; `resources[0]` is `<ProductArn>/<Id>`. */
export function asffImportedEvent(finding: Record<string, unknown>): EventInput {
  const id = typeof finding.Id === 'string' ? finding.Id : '';
  const productArn = typeof finding.ProductArn === 'string' ? finding.ProductArn : '';
  return {
    source: SECURITY_HUB_SOURCE,
    'detail-type': DETAIL_TYPE.imported,
    resources: [`${productArn}/${id}`],
    detail: { findings: [finding] },
  };
}

/** "Findings Imported V2" for an OCSF finding (its `resources[0]`, an opaque hash, is left out). */
export function ocsfImportedEvent(finding: Record<string, unknown>): EventInput {
  return {
    source: SECURITY_HUB_SOURCE,
    'detail-type': DETAIL_TYPE.importedV2,
    detail: { findings: [finding] },
  };
}

/** One import event per finding, ASFF (has `Id`) or OCSF (has `finding_info`). */
export function importedEvents(findings: readonly unknown[]): EventInput[] {
  return findings.filter(isRecord).map((finding) => {
    return 'finding_info' in finding ? ocsfImportedEvent(finding) : asffImportedEvent(finding);
  });
}
