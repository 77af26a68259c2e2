/** `sm5 remediate` for people: each step as it happens (stderr), then what the run did (stdout). */
import type { LocalRunEvent, LocalRunResult } from '../../domain/steps/index.ts';
import { renderTable } from '../table.ts';
import { shorten } from './text.ts';

export interface FindingReport {
  /** The finding's id, or null when there is none to update. */
  id: string | null;
  /** How the finding was chosen: `--finding-id`, or a GetFindings lookup. */
  source: 'option' | 'lookup' | null;
  /** Why there is no finding, or why the lookup failed. */
  detail: string | null;
}

/** One line per event, or null for events the final report covers anyway. */
export function renderRunEvent(event: LocalRunEvent): string | null {
  switch (event.type) {
    case 'planned':
      return null;
    case 'recorded':
      return event.result.recorded ? `finding updated: ${event.result.status} (${event.outcome})` : null;
    case 'record-failed':
      return `finding NOT updated (${event.outcome}): ${event.error}`;
    case 'cloned':
      return `model ${event.result.sourceModelName}: clone ${event.result.cloneModelName} ${event.result.action === 'created' ? 'created' : 'already exists'}`;
    case 'endpoint-config':
      return `endpoint ${event.result.endpointName}: ${event.result.detail}`;
    case 'switched':
      return `endpoint ${event.result.endpointName}: switching to ${event.result.newConfigName} (${event.result.action})`;
    case 'waiting':
      return `endpoint ${event.endpointName}: ${event.status}, waited ${event.waitedSeconds} s`;
    case 'verified':
      return `endpoint ${event.endpointName}: InService on ${event.newConfigName}`;
    case 'retired':
      return `retired: ${event.result.resources.map((r) => `${r.type} ${r.name} ${r.action}`).join(', ') || 'nothing'}`;
  }
}

const HEADLINES: Record<LocalRunResult['status'], string> = {
  succeeded: 'succeeded',
  noop: 'nothing to do',
  blocked: 'blocked: nothing was changed',
  declined: 'declined: nothing was changed',
  failed: 'FAILED',
};

function stepRows(result: LocalRunResult): string[][] {
  const rows: string[][] = [];
  for (const clone of result.clones) {
    rows.push(['clone', clone.cloneModelName, `${clone.action}, copy of ${clone.sourceModelName}`]);
  }
  for (const entry of result.endpoints) {
    const { config } = entry;
    const state = entry.verified
      ? `InService on ${config.newConfigName}`
      : entry.switch
        ? `switched to ${config.newConfigName}, not verified`
        : shorten(config.detail, 80);
    rows.push(['endpoint', config.endpointName, state]);
  }
  for (const retired of result.retire?.resources ?? []) {
    rows.push([`retire ${retired.type}`, retired.name, `${retired.action}: ${shorten(retired.detail, 80)}`]);
  }
  return rows;
}

function failureLines(result: LocalRunResult): string[] {
  if (result.error === null) return [];
  const created = [
    ...result.clones.filter((c) => c.action === 'created').map((c) => `model ${c.cloneModelName}`),
    ...result.endpoints
      .filter((e) => e.config.action === 'created' && e.config.newConfigName !== null)
      .map((e) => `endpoint config ${e.config.newConfigName}`),
  ];
  const lines = [
    `${result.error.name}: ${result.error.message}`,
    `Nothing was deleted: the original model ${result.plan.model?.name ?? result.plan.request.modelName} and the configs it runs in are untouched.`,
  ];
  if (created.length > 0) {
    lines.push(`Kept for a rerun, which reuses them: ${created.join(', ')}.`);
  }
  return lines;
}

export function renderRunResult(result: LocalRunResult, finding: FindingReport): string {
  const name = result.plan.model?.name ?? result.plan.request.modelName;
  const sections = [`Remediation of ${name}: ${HEADLINES[result.status]}`];
  // The plan, reasons included, was shown before the run; a model that is gone has no plan to show.
  if (result.plan.model === null) sections.push(result.plan.reasons.map((r) => `  ${r}`).join('\n'));
  const rows = stepRows(result);
  if (rows.length > 0) sections.push(renderTable(['STEP', 'NAME', 'RESULT'], rows));
  const failure = failureLines(result);
  if (failure.length > 0) sections.push(failure.join('\n'));
  sections.push(findingLine(result, finding));
  return `${sections.join('\n\n')}\n`;
}

function findingLine(result: LocalRunResult, finding: FindingReport): string {
  if (finding.id === null)
    return `Finding: none updated (${finding.detail ?? 'no SageMaker.5 finding given'}).`;
  if (result.findingError !== null) return `Finding ${finding.id}: NOT updated: ${result.findingError}`;
  if (result.finding === null || !result.finding.recorded) return `Finding ${finding.id}: not updated.`;
  return `Finding ${finding.id}: ${result.finding.status}, note: ${result.finding.note}`;
}
