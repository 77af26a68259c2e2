/**
 * The Step Functions reads the workflow commands share, with every page followed and the SDK's errors
 * turned into messages a user can act on.
 */
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  type ExecutionListItem,
  type ExecutionStatus,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { toDomainError } from '../../aws/errors.ts';
import { CliError } from '../cli-error.ts';

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}

/** Errors that mean "that is not an execution (or state machine) here", which is the user's input. */
export function translateSfnError(error: unknown, operation: string, subject: string): Error {
  const name = errorName(error);
  if (name === 'ExecutionDoesNotExist')
    return new CliError(`no execution ${subject} in this account and region`);
  if (name === 'StateMachineDoesNotExist') return new CliError(`no state machine ${subject}`);
  if (name === 'InvalidArn') return new CliError(`"${subject}" is not a valid ARN here`);
  return toDomainError(error, { operation });
}

export async function describeExecution(
  sfn: SFNClient,
  executionArn: string,
): Promise<DescribeExecutionOutput> {
  return sfn.send(new DescribeExecutionCommand({ executionArn })).catch((error: unknown) => {
    throw translateSfnError(error, 'DescribeExecution', executionArn);
  });
}

/** The whole history, oldest first. Execution data is asked for: the audit trail and the approval token live in it. */
export async function executionHistory(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn
      .send(
        new GetExecutionHistoryCommand({
          executionArn,
          nextToken,
          maxResults: 1000,
          includeExecutionData: true,
        }),
      )
      .catch((error: unknown) => {
        throw translateSfnError(error, 'GetExecutionHistory', executionArn);
      });
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** The state machine's executions, newest first, page by page. */
export async function* listExecutions(
  sfn: SFNClient,
  stateMachineArn: string,
  statusFilter?: ExecutionStatus,
): AsyncGenerator<ExecutionListItem> {
  let nextToken: string | undefined;
  do {
    const page = await sfn
      .send(new ListExecutionsCommand({ stateMachineArn, statusFilter, nextToken, maxResults: 100 }))
      .catch((error: unknown) => {
        throw translateSfnError(error, 'ListExecutions', stateMachineArn);
      });
    yield* page.executions ?? [];
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
}
