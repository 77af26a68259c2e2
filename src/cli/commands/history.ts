import type { SFNClient } from '@aws-sdk/client-sfn';
import type { Command } from 'commander';
import { positiveNumber } from '../parse-args.ts';
import { renderTable } from '../table.ts';
import { type AuditTrail, buildAuditTrail } from '../workflow/audit-trail.ts';
import { print, stateMachineOption, workflowContext } from '../workflow/command-context.ts';
import { executionsForModel } from '../workflow/find-executions.ts';
import { duration, renderTrail } from '../workflow/render-trail.ts';
import { describeExecution, executionHistory } from '../workflow/sfn-reads.ts';
import { resolveTarget, targetArgument } from '../workflow/target.ts';

export async function auditTrailOf(sfn: SFNClient, executionArn: string): Promise<AuditTrail> {
  const [execution, events] = await Promise.all([
    describeExecution(sfn, executionArn),
    executionHistory(sfn, executionArn),
  ]);
  return buildAuditTrail(execution, events);
}

/** One line per run of a model, newest first. */
export function renderRuns(trails: readonly AuditTrail[]): string {
  const rows = trails.map((trail) => [
    trail.startDate === null ? '' : `${trail.startDate.slice(0, 10)} ${trail.startDate.slice(11, 19)}`,
    duration(trail.startDate, trail.stopDate),
    trail.outcome,
    trail.approval === null
      ? '-'
      : `${trail.approval.status}${trail.approval.by ? ` by ${trail.approval.by}` : ''}`,
    trail.outcome === 'remediated' ? (trail.plan?.cloneModelName ?? '-') : '-',
    trail.executionArn,
  ]);
  return renderTable(['STARTED (UTC)', 'TOOK', 'OUTCOME', 'APPROVAL', 'NEW MODEL', 'EXECUTION'], rows);
}

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("Show a run's audit trail (steps, plan, approver, resources), or a model's runs")
    .argument('<execution|model>', 'an execution ARN, or a model name or ARN', targetArgument)
    .option('--limit <n>', 'with a model: how many of its latest runs to show', positiveNumber, 20)
    .addOption(stateMachineOption())
    .action(async (argument: string, options: { limit: number }, command: Command) => {
      const context = workflowContext(command);
      const sfn = context.aws.sfn;
      const target = await resolveTarget(argument, context.aws);
      if (target.kind === 'execution') {
        const trail = await auditTrailOf(sfn, target.executionArn);
        print(context, renderTrail(trail), trail);
        return;
      }
      const executions = await executionsForModel(sfn, await context.stateMachineArn(), target.modelArn, {
        limit: Math.floor(options.limit),
      });
      const trails: AuditTrail[] = [];
      for (const execution of executions) trails.push(await auditTrailOf(sfn, execution.executionArn ?? ''));
      const text =
        trails.length === 0
          ? `no runs for model ${target.modelName}`
          : `${renderRuns(trails)}\n\nsm5 history <execution> shows a run's steps.`;
      print(context, text, {
        version: 1,
        model: { arn: target.modelArn, name: target.modelName },
        executions: trails,
      });
    });
}
