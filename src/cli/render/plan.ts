/** A plan for people: the decision and why, then every resource it creates, switches and retires. */
import type { Plan } from '../../domain/plan/index.ts';
import { renderTable } from '../table.ts';
import { bullets, joinNames, shorten } from './text.ts';

function verdictLine(plan: Plan): string {
  if (plan.verdict !== 'remediate') return plan.verdict;
  return plan.needsApproval ? 'remediate (needs approval: see the risks)' : 'remediate';
}

function servedByTable(plan: Plan): string {
  const rows = plan.servedBy.map((ref) => [
    ref.endpointName,
    ref.endpointStatus,
    ref.configName,
    ref.variantName ?? ref.inferenceComponentName ?? '-',
    ref.serverless ? `${ref.kind}, serverless` : ref.kind,
  ]);
  return renderTable(['ENDPOINT', 'STATUS', 'CONFIG', 'VARIANT', 'KIND'], rows);
}

function endpointsTable(plan: Plan): string {
  const rows = plan.endpoints.map((e) => [
    e.endpointName,
    e.endpointStatus,
    e.currentConfigName,
    e.newConfigName,
    joinNames(
      e.swappedModels.map((s) => s.from),
      4,
    ),
  ]);
  return renderTable(['ENDPOINT', 'STATUS', 'CURRENT CONFIG', 'NEW CONFIG', 'MODELS SWAPPED'], rows);
}

function risksTable(plan: Plan): string {
  const rows = plan.risks.map((r) => [r.modelName, r.container, r.variable, shorten(r.value, 40), r.why]);
  return renderTable(['MODEL', 'CONTAINER', 'VARIABLE', 'VALUE', 'WHY'], rows);
}

function changesTable(plan: Plan): string {
  const { create, retire } = plan.resources;
  const rows = [
    ...create.map((c) => ['create', c.type, c.name, `copy of ${c.from}`]),
    ...plan.resources.switch.map((s) => [
      'switch',
      'endpoint',
      s.endpointName,
      `${s.fromConfig} -> ${s.toConfig}`,
    ]),
    ...retire.map((r) => ['retire', r.type, r.name, `replaced by ${r.replacedBy}`]),
  ];
  return renderTable(['ACTION', 'TYPE', 'NAME', 'DETAIL'], rows);
}

export function renderPlan(plan: Plan): string {
  const model = plan.model;
  const head = [
    `Model:     ${model ? `${model.name} (${model.arn})` : plan.request.modelName}`,
    `Isolated:  ${model === null ? '-' : model.isolated ? 'yes' : 'no'}`,
    `Verdict:   ${verdictLine(plan)}`,
  ];
  if (plan.cloneModelName !== null) head.push(`Clone:     ${plan.cloneModelName} (network isolation on)`);
  const sections = [head.join('\n'), `Why:\n${bullets(plan.reasons)}`];
  if (plan.verdict === 'remediate') {
    if (plan.endpoints.length > 0) sections.push(`Endpoints to switch:\n${endpointsTable(plan)}`);
    if (plan.risks.length > 0) sections.push(`Risks found by preflight:\n${risksTable(plan)}`);
    sections.push(`Changes:\n${changesTable(plan)}`);
  } else if (plan.servedBy.length > 0) {
    sections.push(`Served by:\n${servedByTable(plan)}`);
  }
  return `${sections.join('\n\n')}\n`;
}
