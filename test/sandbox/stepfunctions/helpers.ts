/** Set-up shared by the Step Functions sandbox tests: SDK clients over HTTP and small state machines. */
import { readFileSync } from 'node:fs';
import {
  CreateStateMachineCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  SFNServiceException,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { expect } from 'vitest';
import type { Sandbox } from '../../../src/local/sandbox.ts';

/** One attempt per call, so a test sees the service's answer rather than the SDK's retries. */
export function sfnClient(sb: Sandbox): SFNClient {
  return new SFNClient({ ...sb.clientConfig(), maxAttempts: 1 });
}

export function functionArn(sb: Sandbox, name: string): string {
  return `arn:aws:lambda:${sb.region}:${sb.account}:function:${name}`;
}

export const ROLE_ARN = 'arn:aws:iam::111122223333:role/sm5-states';

/** The test ASL in fixtures/, with `${Account}` replaced. */
export function fixtureDefinition(sb: Sandbox, file: string): string {
  const text = readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the ASL placeholder syntax, not a template
  return text.replaceAll('${Account}', sb.account);
}

/** Creates a state machine over the wire and returns its ARN. */
export async function createMachine(sb: Sandbox, name: string, definition: object | string): Promise<string> {
  const { stateMachineArn } = await sfnClient(sb).send(
    new CreateStateMachineCommand({
      name,
      roleArn: ROLE_ARN,
      definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
    }),
  );
  if (stateMachineArn === undefined) throw new Error('CreateStateMachine returned no ARN');
  return stateMachineArn;
}

export async function start(sb: Sandbox, stateMachineArn: string, input: unknown = {}, name?: string) {
  const { executionArn } = await sfnClient(sb).send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }),
  );
  if (executionArn === undefined) throw new Error('StartExecution returned no ARN');
  return executionArn;
}

/** Every history event, through the SDK, following nextToken. */
export async function fullHistory(sb: Sandbox, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfnClient(sb).send(new GetExecutionHistoryCommand({ executionArn, nextToken }));
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

/** The SDK error a call failed with; fails the test when the call succeeds. */
export async function sfnFailure(call: Promise<unknown>): Promise<SFNServiceException> {
  try {
    await call;
  } catch (e) {
    if (e instanceof SFNServiceException) return e;
    throw e;
  }
  expect.fail('expected the call to fail');
}

/** An error as a Lambda function throws one: Step Functions matches on `name`. */
export function named(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * A state machine around one callback task on SNS (`Approve`): `task` adds to (or overrides) the task's
 * fields; with a `Next`, `states` holds where it goes.
 */
export function callbackMachine(
  sb: Sandbox,
  task: Record<string, unknown> = {},
  states: Record<string, unknown> = {},
): object {
  const approve: Record<string, unknown> = {
    Type: 'Task',
    Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
    Parameters: {
      TopicArn: `arn:aws:sns:${sb.region}:${sb.account}:approvals`,
      Message: { 'taskToken.$': '$$.Task.Token' },
    },
    ...task,
  };
  if (approve.Next === undefined) approve.End = true;
  return { StartAt: 'Approve', States: { Approve: approve, ...states } };
}
