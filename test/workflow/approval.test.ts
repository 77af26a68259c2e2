/** The approval gate: approved, rejected and timed out, with who and why in the history and the finding. */
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { ApprovalRequestMessage, rejectionFailure } from '../../src/domain/workflow/approval.ts';
import {
  configNames,
  findingEvent,
  finish,
  type Harness,
  harness,
  lastNote,
  locks,
  model,
  modelNames,
  outcomeOf,
  remediate,
  servedAlone,
  servingOf,
  start,
  statesEntered,
} from './helpers.ts';

const scenario = servedAlone('gated');

function sfn(h: Harness): SFNClient {
  return new SFNClient({ ...h.sb.clientConfig(), maxAttempts: 1 });
}

async function pendingApproval(h: Harness, executionArn: string) {
  const task = await h.sb.stepFunctions.waitForPendingTask(executionArn, { stateName: 'RequestApproval' });
  const published = await h.sb.stepFunctions.outbox.waitFor(
    (m) => m.executionArn === executionArn && m.stateName === 'RequestApproval',
  );
  return { task, message: ApprovalRequestMessage.parse(JSON.parse(published.message)) };
}

describe('a run in approval mode', () => {
  it('asks with the plan, waits, and goes on once approved, with the approver and comment in the history', async () => {
    // Prepare
    const h = await harness(scenario, { mode: 'approval' });
    const executionArn = await start(h, findingEvent('gated'));

    // Act: the request names the plan; nothing has changed while it waits; then someone approves
    const { task, message } = await pendingApproval(h, executionArn);
    const modelsWhileWaiting = await modelNames(h);
    const noteWhileWaiting = lastNote(h, 'gated');
    const answer = { approved: true, approver: 'arn:aws:iam::111122223333:user/alice', comment: 'change 42' };
    await sfn(h).send(new SendTaskSuccessCommand({ taskToken: task.token, output: JSON.stringify(answer) }));
    const run = await finish(h, executionArn);

    // Assess
    expect(message).toMatchObject({ execution: executionArn, taskToken: task.token });
    expect(message.summary).toMatch(/^isolate model gated: clone it as gated-iso-\w+ .* switch 1 endpoint/);
    expect(message.resources).toMatchObject({
      switch: [{ endpointName: 'gated-ep', fromConfig: 'gated-config' }],
    });
    expect(modelsWhileWaiting).toEqual(['gated']);
    expect(noteWhileWaiting).toContain('Waiting for approval');
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    const approved = run.history.find(
      (e) =>
        e.type === 'TaskSucceeded' && e.taskSucceededEventDetails?.resource === 'publish.waitForTaskToken',
    );
    expect(JSON.parse(approved?.taskSucceededEventDetails?.output ?? '{}')).toEqual(answer);
    expect(run.output.approval).toEqual(answer);
  });

  it('on a rejection changes nothing and writes who rejected it and why on the finding', async () => {
    // Prepare
    const h = await harness(scenario, { mode: 'approval' });
    const executionArn = await start(h, findingEvent('gated'));
    const { task } = await pendingApproval(h, executionArn);

    // Act
    const { error, cause } = rejectionFailure({ approver: 'bob', reason: 'the model needs S3 at runtime' });
    await sfn(h).send(new SendTaskFailureCommand({ taskToken: task.token, error, cause }));
    const run = await finish(h, executionArn);

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'rejected', status: 'NOTIFIED' });
    expect(lastNote(h, 'gated')).toContain('was rejected by bob: the model needs S3 at runtime');
    const failed = run.history.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails;
    expect(failed).toMatchObject({ error: 'ApprovalRejectedError' });
    expect(JSON.parse(failed?.cause ?? '{}')).toEqual({
      approver: 'bob',
      reason: 'the model needs S3 at runtime',
    });
    expect(await modelNames(h)).toEqual(['gated']);
    expect(await configNames(h)).toEqual(['gated-config']);
    expect(await locks(h)).toEqual([]);
  });

  it('when nobody answers in time changes nothing and says so on the finding', async () => {
    // Prepare: a one-hour approval window
    const h = await harness(scenario, { mode: 'approval', settings: { approvalTimeoutSeconds: 3600 } });
    const executionArn = await start(h, findingEvent('gated'));
    await pendingApproval(h, executionArn);

    // Act: the hour passes
    h.sb.clock.advance(3601);
    const run = await finish(h, executionArn);

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'approval-timed-out' });
    expect(run.history.some((e) => e.type === 'TaskTimedOut')).toBe(true);
    expect(lastNote(h, 'gated')).toContain('nobody approved the plan within 3600 s');
    expect(await modelNames(h)).toEqual(['gated']);
    expect((await servingOf(h, 'gated-ep')).configName).toBe('gated-config');
    expect(await locks(h)).toEqual([]);
  });

  it('asks for approval in auto mode too when preflight sees a risk', async () => {
    // Prepare: the container fetches its code from S3 at start, which isolation breaks
    const risky = model('risky', {
      PrimaryContainer: {
        Image: '111122223333.dkr.ecr.us-east-1.amazonaws.com/risky:1',
        Environment: { SAGEMAKER_SUBMIT_DIRECTORY: 's3://code-bucket/sourcedir.tar.gz' },
      },
    });
    const h = await harness({ models: [risky] }, { mode: 'auto' });

    // Act
    const executionArn = await start(h, remediate('risky'));
    const { message } = await pendingApproval(h, executionArn);
    await h.sb.stepFunctions.stopExecution(executionArn);

    // Assess
    expect(message.needsApproval).toBe(true);
    expect(statesEntered(h.sb.stepFunctions.history(executionArn))).toContain('MarkAwaitingApproval');
  });
});
