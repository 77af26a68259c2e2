/** `$.run`: what one execution runs with, fixed by the Normalize step and read by every later step. */
import { DeploymentOptions } from '../builders/build-update-endpoint-input.ts';
import { AccountId, NonEmptyString, Region } from '../names.ts';
import { WaitPolicy } from '../steps/check-endpoint.ts';
import { RetireMode } from '../steps/retire.ts';
import * as z from '../zod.ts';
import { Mode } from './settings.ts';

const EpochSeconds = z.int().check(z.gte(0));

export const Run = z.strictObject({
  executionArn: NonEmptyString,
  mode: Mode,
  /** The execution's start, in epoch seconds: the locks compare against it (see `lockExpiresAt`). */
  now: EpochSeconds,
  /** When this run's locks may be taken over by another run (DynamoDB TTL attribute, epoch seconds). */
  lockExpiresAt: EpochSeconds,
  approvalTimeoutSeconds: z.int().check(z.gte(1)),
  retireOriginal: RetireMode,
  exemptTagKey: NonEmptyString,
  deployment: z.nullable(DeploymentOptions),
  /** The CheckEndpoint step's policy: its total is the deployment timeout. */
  waitPolicy: z.required(WaitPolicy),
  /** Who asked for the run through `sm5 start`; null for runs started by a finding. */
  requestedBy: z.nullable(NonEmptyString),
});
export type Run = z.infer<typeof Run>;

/** Where the execution runs, read from its ARN: `arn:<partition>:states:<region>:<account>:execution:...`. */
export interface ExecutionScope {
  partition: string;
  region: string;
  accountId: string;
}

export function scopeOfExecution(executionArn: string): ExecutionScope | undefined {
  const [arn, partition, service, region, accountId, kind] = executionArn.split(':');
  if (arn !== 'arn' || service !== 'states' || kind !== 'execution') return undefined;
  if (partition === undefined || region === undefined || accountId === undefined) return undefined;
  if (!Region.safeParse(region).success || !AccountId.safeParse(accountId).success) return undefined;
  return { partition, region, accountId };
}
