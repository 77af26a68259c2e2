import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  type HistoryEvent,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../../src/local/sandbox.ts';
import type { OutboxMessage, PendingTask } from '../../../src/local/stepfunctions/index.ts';
import { fixtureDefinition, fullHistory, named, sfnClient, start } from './helpers.ts';

// One run of a state machine that uses every feature the sandbox runs; each test checks one of them.
describe('an execution of the tour state machine', () => {
  let sb: Sandbox;
  let executionArn: string;
  let result: DescribeExecutionOutput;
  let output: Record<string, unknown>;
  let history: HistoryEvent[];
  let approve: PendingTask;
  let confirm: PendingTask;
  let published: OutboxMessage[];
  let runningStatus: string | undefined;
  let clockAtStart: number;
  let flakyCalls = 0;

  beforeAll(async () => {
    sb = await startSandbox();
    await sb.dynamodb.ensureTable({
      TableName: 'locks',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const { stateMachineArn } = sb.stepFunctions.registerStateMachine({
      name: 'tour',
      definition: fixtureDefinition(sb, 'tour.asl.json'),
      handlers: {
        score: async (event: unknown) => {
          const { items } = event as { items: number[] };
          return { total: items.reduce((sum, item) => sum + item, 0) };
        },
        square: async (event: unknown) => (event as { value: number }).value ** 2,
        flaky: async () => {
          flakyCalls += 1;
          if (flakyCalls < 3) throw named('EndpointBusyError', `endpoint busy (call ${flakyCalls})`);
          return { calls: flakyCalls };
        },
        missing: async () => {
          throw named('ModelNotFoundError', 'Could not find model "gone"');
        },
      },
    });
    clockAtStart = sb.clock.now();
    const sfn = sfnClient(sb);
    executionArn = await start(sb, stateMachineArn, { items: [1, 2, 3], lockId: 'model/a' }, 'tour-1');

    approve = await sb.stepFunctions.waitForPendingTask(executionArn, { stateName: 'Approve' });
    runningStatus = (await sfn.send(new DescribeExecutionCommand({ executionArn }))).status;
    await sfn.send(
      new SendTaskSuccessCommand({ taskToken: approve.token, output: JSON.stringify({ approver: 'alice' }) }),
    );
    confirm = await sb.stepFunctions.waitForPendingTask(executionArn, { stateName: 'Confirm' });
    await sfn.send(
      new SendTaskFailureCommand({ taskToken: confirm.token, error: 'Rejected', cause: 'not today' }),
    );

    await sb.stepFunctions.waitForExecution(executionArn);
    result = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    output = JSON.parse(result.output ?? 'null');
    history = await fullHistory(sb, executionArn);
    published = sb.stepFunctions.outbox.messages({ executionArn });
  });

  afterAll(async () => {
    await sb.stop();
  });

  it('runs in the background: RUNNING while it waits, SUCCEEDED at the end', () => {
    expect(runningStatus).toBe('RUNNING');
    expect(result.status).toBe('SUCCEEDED');
    expect(result.stopDate).toBeInstanceOf(Date);
  });

  it('fills the context object with the execution and the state machine', () => {
    expect(output.context).toEqual({
      executionId: executionArn,
      executionName: 'tour-1',
      startTime: new Date(clockAtStart).toISOString(),
      stateMachineId: `arn:aws:states:us-east-1:${sb.account}:stateMachine:tour`,
    });
  });

  it('calls Lambda handlers with the task input and takes the Choice their result selects', () => {
    expect(output.score).toEqual({ total: 6 });
    expect(history.some((event) => event.type === 'FailStateEntered')).toBe(false);
    expect(history.filter((event) => event.type === 'ChoiceStateExited')).toHaveLength(1);
  });

  it('runs a Wait on the sandbox clock: an hour passes between entering and leaving it', () => {
    const entered = history.find((event) => event.type === 'WaitStateEntered');
    const exited = history.find((event) => event.type === 'WaitStateExited');
    expect(entered?.stateEnteredEventDetails?.name).toBe('Pause');
    expect((exited?.timestamp?.getTime() ?? 0) - (entered?.timestamp?.getTime() ?? 0)).toBe(3_600_000);
  });

  it('maps each item through the iteration and collects the results in order', () => {
    expect(output.squares).toEqual([1, 4, 9]);
    const started = history.find((event) => event.type === 'MapStateStarted');
    expect(started?.mapStateStartedEventDetails?.length).toBe(3);
    const iterations = history.filter((event) => event.type === 'MapIterationSucceeded');
    expect(iterations.map((event) => event.mapIterationSucceededEventDetails?.index).sort()).toEqual([
      0, 1, 2,
    ]);
  });

  it('retries the named error with back-off on the sandbox clock, as the matching retrier says', () => {
    expect(output.flaky).toEqual({ calls: 3 });
    const attempts = history.filter(
      (event) =>
        event.type === 'LambdaFunctionScheduled' &&
        event.lambdaFunctionScheduledEventDetails?.resource?.endsWith(':function:flaky'),
    );
    const times = attempts.map((event) => event.timestamp?.getTime() ?? 0);
    expect(times.slice(1).map((time, index) => (time - (times[index] ?? 0)) / 1000)).toEqual([20, 40]);
    expect(
      history
        .filter((event) => event.type === 'LambdaFunctionFailed')
        .map((e) => e.lambdaFunctionFailedEventDetails?.error),
    ).toEqual(['EndpointBusyError', 'EndpointBusyError', 'ModelNotFoundError']);
  });

  it('catches a named Lambda error, with the function error payload as the cause', () => {
    const missing = output.missing as { Error: string; Cause: string };
    expect(missing.Error).toBe('ModelNotFoundError');
    expect(JSON.parse(missing.Cause)).toMatchObject({
      errorType: 'ModelNotFoundError',
      errorMessage: 'Could not find model "gone"',
    });
  });

  it('writes with a real DynamoDB conditional put and catches the second one as ConditionalCheckFailed', async () => {
    expect(output.lock).toMatchObject({ SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(output.lockConflict).toMatchObject({ Error: 'DynamoDB.ConditionalCheckFailedException' });
    expect((output.lockConflict as { Cause: string }).Cause).toContain(
      'Error Code: ConditionalCheckFailedException',
    );
    const dynamodb = new DynamoDBClient({ ...sb.clientConfig(), maxAttempts: 1 });
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: 'locks', Key: { pk: { S: 'model/a' } } }),
    );
    expect(Item?.owner).toEqual({ S: executionArn });
  });

  it('gives each callback task its own token, carried in the message it publishes', () => {
    expect(approve.token).not.toBe(confirm.token);
    expect(published.map((message) => [message.subject, JSON.parse(message.message).taskToken])).toEqual([
      ['Approve', approve.token],
      ['Confirm', confirm.token],
    ]);
  });

  it('resumes with the SendTaskSuccess output, and fails the task with the SendTaskFailure error', () => {
    expect(output.approval).toEqual({ approver: 'alice' });
    expect(output.confirm).toEqual({ Error: 'Rejected', Cause: 'not today' });
    const failed = history.findLast((event) => event.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      resourceType: 'sns',
      resource: 'publish.waitForTaskToken',
      error: 'Rejected',
      cause: 'not today',
    });
  });
});
