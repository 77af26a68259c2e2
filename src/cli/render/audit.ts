/** `sm5 audit` for people: one row per model, then what the numbers mean. */
import type { AuditedModel, AuditReport } from '../../domain/audit/index.ts';
import { renderTable } from '../table.ts';
import { joinNames, shorten } from './text.ts';

const NOTE_WIDTH = 90;

function verdictCell(model: AuditedModel): string {
  return model.needsApproval ? `${model.verdict} (approval)` : model.verdict;
}

function endpointsCell(model: AuditedModel): string {
  const names = new Map<string, string>();
  for (const ref of model.servedBy) {
    const label = ref.kind === 'shadow' ? `${ref.endpointName} (shadow)` : ref.endpointName;
    if (!names.has(ref.endpointName.toLowerCase())) names.set(ref.endpointName.toLowerCase(), label);
  }
  return joinNames([...names.values()]);
}

function noteCell(model: AuditedModel): string {
  if (model.verdict === 'blocked') return shorten(model.reasons[0] ?? '', NOTE_WIDTH);
  const risk = model.risks[0];
  if (risk !== undefined) {
    const more = model.risks.length > 1 ? ` (+${model.risks.length - 1} more)` : '';
    const where = risk.modelName === model.name ? '' : `${risk.modelName}: `;
    return shorten(`${where}${risk.variable}: ${risk.why}${more}`, NOTE_WIDTH);
  }
  if (model.supersededBy !== null) return `replaced by ${model.supersededBy}, kept`;
  if (model.verdict === 'remediate' && model.servedBy.length === 0) return 'not deployed';
  return '';
}

export function renderAudit(report: AuditReport): string {
  const { summary } = report;
  const where = `account ${report.account}, ${report.region}`;
  if (summary.models === 0) return `No SageMaker models in ${where}.\n`;
  const rows = report.models.map((model) => [
    model.name,
    model.isolated ? 'yes' : 'NO',
    verdictCell(model),
    endpointsCell(model),
    noteCell(model),
  ]);
  const table = renderTable(['MODEL', 'ISOLATED', 'VERDICT', 'ENDPOINTS', 'NOTE'], rows);
  const parts = [`${summary.isolated} isolated`, `${summary.notIsolated} without network isolation`];
  const detail: string[] = [];
  if (summary.remediate > 0) {
    const approval =
      summary.needsApproval > 0
        ? `, ${summary.needsApproval} of them ${summary.needsApproval === 1 ? 'needs' : 'need'} approval`
        : '';
    detail.push(`${summary.remediate} to remediate${approval}`);
  }
  if (summary.blocked > 0) detail.push(`${summary.blocked} blocked`);
  const totals =
    `${summary.models} model(s) in ${where}: ${parts.join(', ')}` +
    (detail.length > 0 ? ` (${detail.join('; ')})` : '') +
    `; ${summary.endpoints} endpoint(s) read.`;
  const next =
    summary.notIsolated > 0
      ? '\n`sm5 plan <model>` shows what a fix would change; `sm5 remediate <model>` applies it.'
      : '';
  return `${table}\n\n${totals}${next}\n`;
}
