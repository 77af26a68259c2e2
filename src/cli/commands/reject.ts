import { type Command, InvalidArgumentError, Option } from 'commander';
import { approvalText, findPendingRun, rejectRun } from '../workflow/answer-approval.ts';
import { print, stateMachineOption, workflowContext } from '../workflow/command-context.ts';
import { resolveTarget, targetArgument } from '../workflow/target.ts';

const MAX_REASON = 1000;

function reasonText(value: string): string {
  const reason = value.trim();
  if (reason === '')
    throw new InvalidArgumentError('give a reason: it goes on the finding and into the history.');
  if (reason.length > MAX_REASON) throw new InvalidArgumentError(`at most ${MAX_REASON} characters.`);
  return reason;
}

export function registerReject(program: Command): void {
  program
    .command('reject')
    .description('Reject the plan a run is waiting on; nothing is changed and the finding says why')
    .argument(
      '<execution|model>',
      'the execution ARN, or the model (name or ARN) whose run waits for approval',
      targetArgument,
    )
    .addOption(
      new Option('--reason <text>', 'why: recorded on the finding and in the history')
        .argParser(reasonText)
        .makeOptionMandatory(),
    )
    .addOption(stateMachineOption())
    .action(async (argument: string, options: { reason: string }, command: Command) => {
      const context = workflowContext(command);
      const target = await resolveTarget(argument, context.aws);
      const run = await findPendingRun(context.aws.sfn, target, context.stateMachineArn);
      const approver = await context.callerArn();
      const cause = await rejectRun(context.aws.sfn, run, approver, options.reason);
      print(context, approvalText('Rejected', run, approver), {
        executionArn: run.executionArn,
        decision: 'rejected',
        ...cause,
      });
    });
}
