import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../../src/local/sandbox.ts';
import { sandbox } from '../helpers.ts';
import { createMachine, fullHistory, functionArn, named, sfnClient, start } from './helpers.ts';

/** Pass → Lambda task → Choice → Wait → Succeed, with a `check` Lambda that returns its input. */
async function linearRun(sb: Sandbox): Promise<string> {
  sb.stepFunctions.registerLambdas({ check: async (event) => event });
  const machine = await createMachine(sb, 'linear', {
    StartAt: 'Start',
    States: {
      Start: { Type: 'Pass', Result: { ok: true }, Next: 'Check' },
      Check: { Type: 'Task', Resource: functionArn(sb, 'check'), Next: 'Decide' },
      Decide: {
        Type: 'Choice',
        Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Pause' }],
        Default: 'Pause',
      },
      Pause: { Type: 'Wait', Seconds: 30, Next: 'Done' },
      Done: { Type: 'Succeed' },
    },
  });
  const executionArn = await start(sb, machine, { hello: 'world' });
  await sb.stepFunctions.waitForExecution(executionArn);
  return executionArn;
}

describe('GetExecutionHistory', () => {
  it('lists the real event types in order, with ids from 1 and each pointing at the one before', async () => {
    // Prepare
    const sb = await sandbox();
    const executionArn = await linearRun(sb);

    // Act
    const events = await fullHistory(sb, executionArn);

    // Assess
    expect(events.map((event) => event.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ChoiceStateEntered',
      'ChoiceStateExited',
      'WaitStateEntered',
      'WaitStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.map((event) => event.previousEventId)).toEqual(events.map((_, index) => index));
    expect(events[0]?.executionStartedEventDetails).toMatchObject({ input: '{"hello":"world"}' });
    expect(events[2]?.stateExitedEventDetails).toEqual({
      name: 'Start',
      output: '{"ok":true}',
      outputDetails: { truncated: false },
    });
    expect(events[4]?.lambdaFunctionScheduledEventDetails).toMatchObject({
      resource: functionArn(sb, 'check'),
      input: '{"ok":true}',
    });
    expect(events.at(-1)?.executionSucceededEventDetails?.output).toBe('{"ok":true}');
  });

  it('pages through the history forwards and backwards', async () => {
    // Prepare
    const sb = await sandbox();
    const executionArn = await linearRun(sb);
    const sfn = sfnClient(sb);

    // Act
    const forward = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 10 }));
    const rest = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 10, nextToken: forward.nextToken }),
    );
    const backward = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 3, reverseOrder: true }),
    );
    const backwardRest = await sfn.send(
      new GetExecutionHistoryCommand({
        executionArn,
        maxResults: 3,
        reverseOrder: true,
        nextToken: backward.nextToken,
      }),
    );

    // Assess
    expect(forward.events?.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rest.events?.map((event) => event.id)).toEqual([11, 12, 13, 14, 15]);
    expect(rest.nextToken).toBeUndefined();
    expect(backward.events?.map((event) => event.id)).toEqual([15, 14, 13]);
    expect(backwardRest.events?.map((event) => event.id)).toEqual([12, 11, 10]);
  });

  it('leaves out inputs and outputs when includeExecutionData is false', async () => {
    // Prepare
    const sb = await sandbox();
    const executionArn = await linearRun(sb);

    // Act
    const { events } = await sfnClient(sb).send(
      new GetExecutionHistoryCommand({ executionArn, includeExecutionData: false }),
    );

    // Assess
    expect(events?.[0]?.executionStartedEventDetails?.input).toBeUndefined();
    expect(events?.[1]?.stateEnteredEventDetails).toEqual({
      name: 'Start',
      inputDetails: { truncated: false },
    });
    expect(events?.at(-1)?.executionSucceededEventDetails?.output).toBeUndefined();
  });

  it('stamps events with the sandbox clock', async () => {
    // Prepare
    const sb = await sandbox();
    const startedAt = sb.clock.now();

    // Act
    const events = await fullHistory(sb, await linearRun(sb));

    // Assess
    expect(events[0]?.timestamp).toEqual(new Date(startedAt));
    expect(events.at(-1)?.timestamp).toEqual(new Date(startedAt + 30_000));
  });

  it('records a failing execution: the Lambda failure, then ExecutionFailed with its error and cause', async () => {
    // Prepare
    const sb = await sandbox();
    sb.stepFunctions.registerLambdas({
      plan: async () => {
        throw named('InvalidInputError', 'modelArn is missing');
      },
    });
    const machine = await createMachine(sb, 'failing', {
      StartAt: 'Plan',
      States: { Plan: { Type: 'Task', Resource: functionArn(sb, 'plan'), End: true } },
    });
    const executionArn = await start(sb, machine);
    await sb.stepFunctions.waitForExecution(executionArn);

    // Act
    const events = await fullHistory(sb, executionArn);

    // Assess
    expect(events.map((event) => event.type).slice(-3)).toEqual([
      'LambdaFunctionStarted',
      'LambdaFunctionFailed',
      'ExecutionFailed',
    ]);
    expect(events.at(-1)?.executionFailedEventDetails?.error).toBe('InvalidInputError');
    expect(JSON.parse(events.at(-1)?.executionFailedEventDetails?.cause ?? '{}')).toMatchObject({
      errorType: 'InvalidInputError',
      errorMessage: 'modelArn is missing',
    });
  });
});
