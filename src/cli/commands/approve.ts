import type { Command } from 'commander';
import { approvalText, approveRun, findPendingRun } from '../workflow/answer-approval.ts';
import { print, stateMachineOption, workflowContext } from '../workflow/command-context.ts';
import { resolveTarget, targetArgument } from '../workflow/target.ts';

export function registerApprove(program: Command): void {
  program
    .command('approve')
    .description(
      'Approve the plan a run is waiting on; the run then clones the model and switches its endpoints',
    )
    .argument(
      '<execution|model>',
      'the execution ARN, or the model (name or ARN) whose run waits for approval',
      targetArgument,
    )
    .option('--comment <text>', 'recorded in the execution history with your identity')
    .addOption(stateMachineOption())
    .action(async (argument: string, options: { comment?: string }, command: Command) => {
      const context = workflowContext(command);
      const target = await resolveTarget(argument, context.aws);
      const run = await findPendingRun(context.aws.sfn, target, context.stateMachineArn);
      const approver = await context.callerArn();
      const answer = await approveRun(context.aws.sfn, run, approver, options.comment);
      print(context, approvalText('Approved', run, approver), {
        executionArn: run.executionArn,
        decision: 'approved',
        ...answer,
      });
    });
}
