/**
 * The audit trail as people read it: a header (model, outcome, plan, approval, resources, finding) and a
 * timeline with one row per step. Choice states are left out (the next step shows where they went), and a
 * state entered again for the same endpoint (the wait/check loop) updates its row with a count.
 */
import { renderTable } from '../table.ts';
import type { AuditTrail, TrailStep } from './audit-trail.ts';

function time(isoText: string | null): string {
  return isoText === null ? '' : isoText.slice(11, 19);
}

function dateTime(isoText: string | null): string {
  return isoText === null ? '-' : `${isoText.slice(0, 10)} ${isoText.slice(11, 19)}Z`;
}

export function duration(fromIso: string | null, toIso: string | null): string {
  if (fromIso === null || toIso === null) return '';
  const seconds = Math.max(0, Math.round((Date.parse(toIso) - Date.parse(fromIso)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

const STATUS_TEXT: Readonly<Record<TrailStep['status'], string>> = {
  succeeded: 'ok',
  caught: 'caught',
  failed: 'FAILED',
  aborted: 'aborted',
  running: 'running',
};

interface Row {
  step: TrailStep;
  count: number;
  lastExit: string | null;
  status: TrailStep['status'];
  detail: string;
  retries: number;
}

function rows(trail: AuditTrail): Row[] {
  const result: Row[] = [];
  const byKey = new Map<string, Row>();
  for (const step of trail.steps) {
    // Choices show in where the run went next; detail-less Pass and Succeed states only in --json.
    if (step.type === 'Choice') continue;
    if (
      (step.type === 'Pass' || step.type === 'Succeed') &&
      step.detail === '' &&
      step.status === 'succeeded'
    ) {
      continue;
    }
    const key = `${step.name}\u0000${step.endpoint ?? ''}`;
    const existing = step.endpoint === null ? undefined : byKey.get(key);
    if (existing !== undefined) {
      existing.count += 1;
      existing.lastExit = step.exitedAt;
      existing.status = step.status;
      existing.retries += step.retries;
      if (step.detail !== '') existing.detail = step.detail;
      continue;
    }
    const row: Row = {
      step,
      count: 1,
      lastExit: step.exitedAt,
      status: step.status,
      detail: step.detail,
      retries: step.retries,
    };
    byKey.set(key, row);
    result.push(row);
  }
  return result;
}

function stepLabel(row: Row): string {
  const name = row.count > 1 ? `${row.step.name} x${row.count}` : row.step.name;
  return row.step.endpoint === null ? name : `  ${row.step.endpoint} > ${name}`;
}

export function renderTimeline(trail: AuditTrail): string {
  const table = rows(trail).map((row) => [
    time(row.step.enteredAt),
    duration(row.step.enteredAt, row.lastExit),
    stepLabel(row),
    STATUS_TEXT[row.status] +
      (row.retries > 0 ? ` +${row.retries} retr${row.retries === 1 ? 'y' : 'ies'}` : ''),
    row.detail,
  ]);
  return renderTable(['TIME', 'TOOK', 'STEP', 'OUTCOME', 'DETAIL'], table);
}

function approvalLine(approval: NonNullable<AuditTrail['approval']>): string {
  switch (approval.status) {
    case 'pending':
      return `pending since ${dateTime(approval.requestedAt)}: sm5 approve | sm5 reject <execution>`;
    case 'approved':
      return `approved by ${approval.by ?? 'unknown'}${approval.comment ? `: "${approval.comment}"` : ''}`;
    case 'rejected':
      return `rejected by ${approval.by ?? 'unknown'}${approval.reason ? `: ${approval.reason}` : ''}`;
    case 'timed-out':
      return 'nobody answered in time: nothing was changed';
    case 'failed':
      return `failed: ${approval.reason ?? 'unknown error'}`;
  }
}

function resourceLines(resources: AuditTrail['resources']): string[] {
  const lines: string[] = [];
  for (const created of resources.created) {
    lines.push(`${created.action === 'exists' ? 'reused' : 'created'} ${created.type} ${created.name}`);
  }
  for (const s of resources.switched) {
    lines.push(`switched endpoint ${s.endpointName}: ${s.fromConfig ?? '?'} -> ${s.toConfig ?? '?'}`);
  }
  for (const n of resources.notSwitched) {
    lines.push(`NOT switched endpoint ${n.endpointName}${n.error ? ` (${n.error})` : ''}`);
  }
  for (const r of resources.retired) lines.push(`${r.action} ${r.type} ${r.name}`);
  return lines;
}

export function renderTrail(trail: AuditTrail): string {
  const header: [string, string][] = [
    ['Execution', trail.executionArn],
    ['Model', trail.model.arn === null ? '-' : `${trail.model.name ?? ''} (${trail.model.arn})`],
    [
      'Outcome',
      `${trail.outcome} (${trail.status}${trail.mode ? `, mode ${trail.mode}` : ''}${trail.trigger ? `, trigger ${trail.trigger}` : ''})`,
    ],
    [
      'Started',
      `${dateTime(trail.startDate)}${trail.stopDate ? `, took ${duration(trail.startDate, trail.stopDate)}` : ''}`,
    ],
  ];
  if (trail.duplicateOf) header.push(['Duplicate of', trail.duplicateOf]);
  if (trail.plan !== null) {
    const plan = trail.plan;
    const what =
      plan.verdict === 'remediate'
        ? `clone as ${plan.cloneModelName ?? '?'}, switch ${plan.endpoints.length === 0 ? 'no endpoint' : plan.endpoints.join(', ')}`
        : (plan.reasons[0] ?? '');
    header.push(['Plan', `${plan.verdict}${plan.needsApproval ? ' (needs approval)' : ''}: ${what}`]);
  }
  if (trail.approval !== null) header.push(['Approval', approvalLine(trail.approval)]);
  const resources = resourceLines(trail.resources);
  resources.forEach((line, index) => {
    header.push([index === 0 ? 'Resources' : '', line]);
  });
  if (trail.finding !== null) {
    header.push([
      'Finding',
      trail.finding.recorded ? trail.finding.status : `none (${trail.finding.status} not sent)`,
    ]);
    header.push(['Note', trail.finding.note]);
  }
  if (trail.error !== null)
    header.push(['Error', `${trail.error.error}${trail.error.cause ? `: ${trail.error.cause}` : ''}`]);
  const width = Math.max(...header.map(([label]) => label.length));
  const head = header.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
  return `${head}\n\n${renderTimeline(trail)}`;
}
