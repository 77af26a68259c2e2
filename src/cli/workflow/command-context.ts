/**
 * What every workflow command (start, approve, reject, history) works with: the global options, the AWS
 * clients, and the state machine, looked up once and only when a command needs it.
 */
import { type Command, Option } from 'commander';
import { type AwsContext, awsContext } from '../aws-context.ts';
import type { GlobalOptions } from '../program.ts';
import {
  checkedStateMachineArn,
  resolveStateMachine,
  STATE_MACHINE_ENV,
  STATE_MACHINE_NAME,
} from './state-machine.ts';

export interface WorkflowContext {
  readonly json: boolean;
  readonly aws: AwsContext;
  stateMachineArn(): Promise<string>;
  /** The caller's IAM identity ARN, recorded as approver or requester. */
  callerArn(): Promise<string>;
}

export function stateMachineOption(): Option {
  return new Option(
    '--state-machine <arn>',
    `the workflow's state machine (default: $${STATE_MACHINE_ENV}, else the one named ${STATE_MACHINE_NAME})`,
  ).argParser((value) => checkedStateMachineArn(value, '--state-machine')); // refused before any AWS call
}

/** Builds the context from a command's own and global options (`--state-machine`, `--json`, `--region`...). */
export function workflowContext(command: Command): WorkflowContext {
  const options = command.optsWithGlobals<GlobalOptions & { stateMachine?: string }>();
  const aws = awsContext(options);
  let machine: Promise<string> | undefined;
  return {
    json: options.json === true,
    aws,
    stateMachineArn: () => {
      machine ??= resolveStateMachine(aws.sfn, { option: options.stateMachine });
      return machine;
    },
    callerArn: async () => (await aws.identity()).arn,
  };
}

/** Writes a line (or JSON) to stdout. */
export function print(context: Pick<WorkflowContext, 'json'>, text: string, json: unknown): void {
  process.stdout.write(context.json ? `${JSON.stringify(json, null, 2)}\n` : `${text}\n`);
}
