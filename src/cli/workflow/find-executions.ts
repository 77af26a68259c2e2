/**
 * A model's executions, newest first. ListExecutions cannot filter on input, so each listed execution is
 * described and kept when its input or final state names the model (see execution-model.ts). The scan
 * stops after `limit` matches or `scanLimit` executions, whichever comes first.
 */
import type {
  DescribeExecutionOutput,
  ExecutionListItem,
  ExecutionStatus,
  SFNClient,
} from '@aws-sdk/client-sfn';
import { mapLimit } from '../../domain/concurrency.ts';
import { modelArnsOfExecution } from './execution-model.ts';
import { describeExecution, listExecutions } from './sfn-reads.ts';
import { sameModelArn } from './target.ts';

export interface FindExecutionsOptions {
  readonly statusFilter?: ExecutionStatus;
  /** Most matches to return; default 20. */
  readonly limit?: number;
  /** Most executions to look at; default 1000. */
  readonly scanLimit?: number;
}

const DESCRIBE_CONCURRENCY = 8;
const BATCH = 25;

export async function executionsForModel(
  sfn: SFNClient,
  stateMachineArn: string,
  modelArn: string,
  options: FindExecutionsOptions = {},
): Promise<DescribeExecutionOutput[]> {
  const limit = options.limit ?? 20;
  const scanLimit = options.scanLimit ?? 1000;
  const found: DescribeExecutionOutput[] = [];
  let batch: ExecutionListItem[] = [];
  let scanned = 0;
  const flush = async (): Promise<void> => {
    const described = await mapLimit(batch, DESCRIBE_CONCURRENCY, (item) =>
      describeExecution(sfn, item.executionArn ?? ''),
    );
    batch = [];
    for (const execution of described) {
      if (found.length >= limit) return;
      if (modelArnsOfExecution(execution).some((arn) => sameModelArn(arn, modelArn))) found.push(execution);
    }
  };
  for await (const item of listExecutions(sfn, stateMachineArn, options.statusFilter)) {
    if (item.executionArn === undefined) continue;
    batch.push(item);
    scanned += 1;
    if (batch.length >= BATCH) await flush();
    if (found.length >= limit || scanned >= scanLimit) break;
  }
  if (found.length < limit) await flush();
  return found;
}
