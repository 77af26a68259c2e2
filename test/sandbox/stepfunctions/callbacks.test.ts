import {
  DescribeExecutionCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { sandbox } from '../helpers.ts';
import { callbackMachine, createMachine, fullHistory, sfnClient, sfnFailure, start } from './helpers.ts';

describe('callback tasks (.waitForTaskToken)', () => {
  it('time out once the sandbox clock passes TimeoutSeconds, and a late answer is refused', async () => {
    // Prepare: the timeout is caught, so the execution succeeds with the error as output
    const sb = await sandbox();
    const machine = await createMachine(
      sb,
      'approval',
      callbackMachine(
        sb,
        {
          TimeoutSeconds: 300,
          Catch: [{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timedOut', Next: 'TimedOut' }],
          Next: 'Approved',
        },
        { Approved: { Type: 'Succeed' }, TimedOut: { Type: 'Succeed' } },
      ),
    );
    const sfn = sfnClient(sb);
    const executionArn = await start(sb, machine);
    const pending = await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    sb.clock.advance(299);
    const stillPending = sb.stepFunctions.pendingTaskTokens(executionArn).map((task) => task.token);
    sb.clock.advance(2);
    const done = await sb.stepFunctions.waitForExecution(executionArn);
    const late = await sfnFailure(
      sfn.send(new SendTaskSuccessCommand({ taskToken: pending.token, output: '{}' })),
    );

    // Assess
    expect(stillPending).toEqual([pending.token]);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}').timedOut).toMatchObject({ Error: 'States.Timeout' });
    const history = await fullHistory(sb, executionArn);
    expect(history.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails).toMatchObject({
      resourceType: 'sns',
      error: 'States.Timeout',
    });
    expect(late.name).toBe('TaskTimedOut');
  });

  it('fail the execution with States.Timeout when nothing catches the timeout', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'approval', callbackMachine(sb, { TimeoutSeconds: 60 }));
    const executionArn = await start(sb, machine);
    await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    sb.clock.advance(60);
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(done).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it('keep waiting while heartbeats arrive, and fail with States.HeartbeatTimeout when they stop', async () => {
    // Prepare: a catcher of States.Timeout also catches the heartbeat timeout, as in the real service
    const sb = await sandbox();
    const machine = await createMachine(
      sb,
      'heartbeat',
      callbackMachine(
        sb,
        {
          HeartbeatSeconds: 60,
          TimeoutSeconds: 3600,
          Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'GaveUp' }],
          Next: 'Finished',
        },
        { Finished: { Type: 'Succeed' }, GaveUp: { Type: 'Succeed' } },
      ),
    );
    const sfn = sfnClient(sb);
    const executionArn = await start(sb, machine);
    const pending = await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    sb.clock.advance(50);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: pending.token }));
    sb.clock.advance(50);
    const afterHeartbeat = sb.stepFunctions.pendingTaskTokens(executionArn).length;
    sb.clock.advance(11);
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(afterHeartbeat).toBe(1);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '{}')).toMatchObject({ Error: 'States.HeartbeatTimeout' });
    const history = await fullHistory(sb, executionArn);
    expect(history.find((event) => event.type === 'TaskTimedOut')?.taskTimedOutEventDetails?.error).toBe(
      'States.HeartbeatTimeout',
    );
    expect(history.at(-2)?.stateExitedEventDetails?.name).toBe('GaveUp');
  });

  it('are abandoned when the execution is stopped: ABORTED, the task aborted, its token dead', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'approval', callbackMachine(sb, {}));
    const sfn = sfnClient(sb);
    const executionArn = await start(sb, machine);
    const pending = await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    const { stopDate } = await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Operator.Cancelled', cause: 'changed my mind' }),
    );
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    const late = await sfnFailure(
      sfn.send(new SendTaskSuccessCommand({ taskToken: pending.token, output: '{}' })),
    );

    // Assess
    expect(stopDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      status: 'ABORTED',
      error: 'Operator.Cancelled',
      cause: 'changed my mind',
    });
    const history = await fullHistory(sb, executionArn);
    expect(history.slice(-2).map((event) => event.type)).toEqual(['TaskStateAborted', 'ExecutionAborted']);
    expect(history.at(-1)?.executionAbortedEventDetails).toEqual({
      error: 'Operator.Cancelled',
      cause: 'changed my mind',
    });
    expect(late.name).toBe('TaskTimedOut');
    expect(sb.stepFunctions.pendingTaskTokens(executionArn)).toEqual([]);
  });

  it('get a new token on each retry attempt of the task', async () => {
    // Prepare: the first answer is a failure the Retry handles
    const sb = await sandbox();
    const machine = await createMachine(
      sb,
      'approval',
      callbackMachine(sb, { Retry: [{ ErrorEquals: ['Busy'], IntervalSeconds: 5, MaxAttempts: 1 }] }),
    );
    const executionArn = await start(sb, machine);
    const first = await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    sb.stepFunctions.sendTaskFailure(first.token, 'Busy', 'try later');
    const second = await sb.stepFunctions.waitForPendingTask(executionArn);
    sb.stepFunctions.sendTaskSuccess(second.token, '"ok"');
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(second.token).not.toBe(first.token);
    expect(
      sb.stepFunctions.outbox.messages({ executionArn }).map((m) => JSON.parse(m.message).taskToken),
    ).toEqual([first.token, second.token]);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '"ok"' });
  });
});

describe('the SNS outbox', () => {
  it('holds each published message with its task token, which can be answered as soon as it arrives', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(
      sb,
      'approval',
      callbackMachine(sb, {
        Parameters: {
          TopicArn: `arn:aws:sns:${sb.region}:${sb.account}:approvals`,
          Subject: 'Approve model a',
          Message: { 'taskToken.$': '$$.Task.Token', plan: 'clone a' },
        },
      }),
    );

    // Act
    const executionArn = await start(sb, machine);
    const message = await sb.stepFunctions.outbox.waitFor((m) => m.executionArn === executionArn);
    const [pending] = sb.stepFunctions.pendingTaskTokens(executionArn);
    await sfnClient(sb).send(
      new SendTaskSuccessCommand({ taskToken: message.taskToken, output: '"approved"' }),
    );
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(message).toMatchObject({
      topicArn: `arn:aws:sns:${sb.region}:${sb.account}:approvals`,
      subject: 'Approve model a',
      stateName: 'Approve',
      taskToken: pending?.token,
    });
    expect(JSON.parse(message.message)).toEqual({ taskToken: pending?.token, plan: 'clone a' });
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '"approved"' });
  });
});

describe('on the real clock', () => {
  it('stops an execution in the middle of a long Wait at once, and the sandbox shuts down', async () => {
    // Prepare
    const sb = await sandbox({ clock: 'real' });
    const machine = await createMachine(sb, 'sleepy', {
      StartAt: 'Nap',
      States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const executionArn = await start(sb, machine);
    await new Promise((resolve) => setImmediate(resolve));

    // Act
    await sfnClient(sb).send(new StopExecutionCommand({ executionArn }));
    const done = await sb.stepFunctions.waitForExecution(executionArn);
    await sb.stop();

    // Assess
    expect(done.status).toBe('ABORTED');
    const events = sb.stepFunctions.history(executionArn);
    expect(events.slice(-3).map((event) => event.type)).toEqual([
      'WaitStateEntered',
      'WaitStateAborted',
      'ExecutionAborted',
    ]);
  });
});
