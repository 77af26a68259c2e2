/**
 * `sm5 approve` / `sm5 reject`: find the execution waiting for approval (given itself, or its model) and
 * answer its task token. The answer records who answered (the caller's IAM identity) and why; the workflow
 * writes it into the history, where `sm5 history` shows it.
 */
import { SendTaskFailureCommand, SendTaskSuccessCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { toDomainError } from '../../aws/errors.ts';
import type { ApprovalRejectedError } from '../../domain/errors.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { executionsForModel } from './find-executions.ts';
import { findPendingApproval, type PendingApproval } from './pending-approval.ts';
import { describeExecution, executionHistory } from './sfn-reads.ts';
import type { Target } from './target.ts';

export interface PendingRun {
  readonly executionArn: string;
  readonly approval: PendingApproval;
}

/** What SendTaskSuccess sends; the workflow puts it at `$.approval`. */
export interface ApprovalOutput {
  readonly approved: true;
  readonly approver: string;
  readonly comment: string | null;
}

/** The cause SendTaskFailure sends with ApprovalRejectedError, as JSON. */
export interface RejectionCause {
  readonly approver: string;
  readonly reason: string;
}

/** The error name the workflow's RequestApproval state catches as a rejection. */
export const REJECTION_ERROR: ApprovalRejectedError['name'] = 'ApprovalRejectedError';

async function pendingOf(sfn: SFNClient, executionArn: string): Promise<PendingApproval | undefined> {
  return findPendingApproval(await executionHistory(sfn, executionArn));
}

/** The run waiting for approval; a CliError saying why when there is none, or more than one. */
export async function findPendingRun(
  sfn: SFNClient,
  target: Target,
  stateMachineArn: () => Promise<string>,
): Promise<PendingRun> {
  if (target.kind === 'execution') {
    const execution = await describeExecution(sfn, target.executionArn);
    const approval = execution.status === 'RUNNING' ? await pendingOf(sfn, target.executionArn) : undefined;
    if (approval === undefined) {
      throw new CliError(
        `execution ${target.executionArn} is not waiting for approval (status ${execution.status ?? 'unknown'})`,
        EXIT.failed,
      );
    }
    return { executionArn: target.executionArn, approval };
  }
  const running = await executionsForModel(sfn, await stateMachineArn(), target.modelArn, {
    statusFilter: 'RUNNING',
    limit: 50,
  });
  const pending: PendingRun[] = [];
  for (const execution of running) {
    const executionArn = execution.executionArn ?? '';
    const approval = await pendingOf(sfn, executionArn);
    if (approval !== undefined) pending.push({ executionArn, approval });
  }
  const [only, ...others] = pending;
  if (only === undefined) {
    throw new CliError(`no run for model ${target.modelName} is waiting for approval`, EXIT.failed);
  }
  if (others.length > 0) {
    const arns = pending.map((run) => `  ${run.executionArn}`).join('\n');
    throw new CliError(
      `${pending.length} runs for model ${target.modelName} are waiting for approval; name one:\n${arns}`,
    );
  }
  return only;
}

function answerError(error: unknown, run: PendingRun, operation: string): Error {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TaskTimedOut' || name === 'TaskDoesNotExist' || name === 'InvalidToken') {
    return new CliError(
      `the approval of ${run.executionArn} is no longer pending (answered, timed out or stopped meanwhile)`,
      EXIT.failed,
    );
  }
  return toDomainError(error, { operation });
}

export async function approveRun(
  sfn: SFNClient,
  run: PendingRun,
  approver: string,
  comment: string | undefined,
): Promise<ApprovalOutput> {
  const output: ApprovalOutput = { approved: true, approver, comment: comment ?? null };
  await sfn
    .send(new SendTaskSuccessCommand({ taskToken: run.approval.token, output: JSON.stringify(output) }))
    .catch((error: unknown) => {
      throw answerError(error, run, 'SendTaskSuccess');
    });
  return output;
}

export async function rejectRun(
  sfn: SFNClient,
  run: PendingRun,
  approver: string,
  reason: string,
): Promise<RejectionCause> {
  const cause: RejectionCause = { approver, reason };
  await sfn
    .send(
      new SendTaskFailureCommand({
        taskToken: run.approval.token,
        error: REJECTION_ERROR,
        cause: JSON.stringify(cause),
      }),
    )
    .catch((error: unknown) => {
      throw answerError(error, run, 'SendTaskFailure');
    });
  return cause;
}

/** "Approved <execution> (plan: ...) as <approver>" */
export function approvalText(verb: string, run: PendingRun, approver: string): string {
  const message = run.approval.message;
  const summary =
    typeof message === 'object' &&
    message !== null &&
    'summary' in message &&
    typeof message.summary === 'string'
      ? ` (${message.summary})`
      : '';
  return `${verb} ${run.executionArn}${summary} as ${approver}`;
}
