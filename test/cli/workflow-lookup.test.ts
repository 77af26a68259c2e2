import { SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/cli-error.ts';
import { isEventFile } from '../../src/cli/commands/start.ts';
import { modelArnsOfExecution } from '../../src/cli/workflow/execution-model.ts';
import { foldHistory } from '../../src/cli/workflow/history-steps.ts';
import { findPendingApproval, findTaskToken } from '../../src/cli/workflow/pending-approval.ts';
import { resolveStateMachine } from '../../src/cli/workflow/state-machine.ts';
import { type Sandbox, startSandbox } from '../../src/local/sandbox.ts';
import { readEvent } from './workflow-helpers.ts';

const running: Sandbox[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

async function sandbox(): Promise<Sandbox> {
  const sb = await startSandbox();
  running.push(sb);
  return sb;
}

const EXECUTION = 'arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:run-1';
const MODEL_ARN = 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3';

/** An approval task like RequestApproval's: an SNS message built from $$.Task.Token. */
function approvalMachine(sb: Sandbox): string {
  return sb.stepFunctions.registerStateMachine({
    name: 'approval-probe',
    definition: {
      StartAt: 'RequestApproval',
      States: {
        RequestApproval: {
          Type: 'Task',
          Resource: 'arn:aws:states:::sns:publish.waitForTaskToken',
          Parameters: {
            TopicArn: `arn:aws:sns:${sb.region}:${sb.account}:sm5-notifications`,
            Message: { kind: 'approval-request', 'taskToken.$': '$$.Task.Token', summary: 'isolate model x' },
          },
          TimeoutSeconds: 3600,
          End: true,
        },
      },
    },
  }).stateMachineArn;
}

describe('finding the pending approval in an execution history', () => {
  it('reads the token from the TaskScheduled parameters, and sees it answered once it is', async () => {
    // Prepare
    const sb = await sandbox();
    const { executionArn } = await sb.stepFunctions.startExecution(approvalMachine(sb), { input: '{}' });
    const task = await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    const pending = findPendingApproval(sb.stepFunctions.history(executionArn));
    sb.stepFunctions.sendTaskSuccess(task.token, '{"approved":true}');
    await sb.stepFunctions.waitForExecution(executionArn);
    const after = findPendingApproval(sb.stepFunctions.history(executionArn));

    // Assess
    expect(pending).toMatchObject({
      stateName: 'RequestApproval',
      token: task.token,
      timeoutSeconds: 3600,
      message: { kind: 'approval-request', summary: 'isolate model x' },
    });
    expect(JSON.stringify(pending?.message)).not.toContain(task.token);
    expect(after).toBeUndefined();
  });

  it('finds a token inside a JSON string, as an SNS Message serialized by States.JsonToString', () => {
    // Prepare
    const parameters = { TopicArn: 't', Message: JSON.stringify({ summary: 's', taskToken: 'AAAA' }) };

    // Act / Assess
    expect(findTaskToken(parameters)).toBe('AAAA');
    expect(findTaskToken({ Message: 'plain text' })).toBeUndefined();
  });
});

describe('which model an execution is about', () => {
  it.each([
    ['its final state', { output: JSON.stringify({ request: { modelArn: MODEL_ARN } }) }, [MODEL_ARN]],
    [
      "a duplicate's output",
      { output: JSON.stringify({ outcome: 'duplicate', modelArn: MODEL_ARN }) },
      [MODEL_ARN],
    ],
    [
      'sm5 start with a name',
      { input: JSON.stringify({ sm5: { request: { modelName: 'Fraud-Scorer-V3' } } }) },
      [MODEL_ARN],
    ],
    [
      'sm5 start with an event',
      { input: JSON.stringify({ sm5: { event: readEvent('asff-imported-legacy') } }) },
      [MODEL_ARN],
    ],
    ['an OCSF event', { input: JSON.stringify(readEvent('ocsf-imported-v2')) }, [MODEL_ARN]],
    ['anything else', { input: JSON.stringify({ hello: 'world' }) }, []],
  ])('reads %s', (_what, execution, expected) => {
    // Act / Assess
    expect(modelArnsOfExecution({ executionArn: EXECUTION, ...execution })).toEqual(expected);
  });
});

describe('which state machine the commands use', () => {
  it('takes --state-machine, then SM5_STATE_MACHINE_ARN, then the one named sm5-remediate-model', async () => {
    // Prepare
    const sb = await sandbox();
    const sfn = new SFNClient({ ...sb.clientConfig(), maxAttempts: 1 });
    const option = 'arn:aws:states:us-east-1:111122223333:stateMachine:from-option';
    const fromEnv = 'arn:aws:states:us-east-1:111122223333:stateMachine:from-env';
    const env = { SM5_STATE_MACHINE_ARN: fromEnv };
    const unnamed = resolveStateMachine(sfn, { env: {} });
    await expect(unnamed).rejects.toThrow(CliError);
    const deployed = sb.stepFunctions.registerStateMachine({
      name: 'sm5-remediate-model',
      definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
    }).stateMachineArn;

    // Act
    const chosen = await Promise.all([
      resolveStateMachine(sfn, { option, env }),
      resolveStateMachine(sfn, { env }),
      resolveStateMachine(sfn, { env: {} }),
    ]);

    // Assess
    expect(chosen).toEqual([option, fromEnv, deployed]);
  });
});

describe('sm5 start arguments', () => {
  it.each([
    ['fraud-scorer-v3', false],
    ['arn:aws:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3', false],
    ['finding.json', true],
    ['./finding', true],
    ['/tmp/x/finding', true],
  ])('treats %s as an event file: %s', (argument, file) => {
    expect(isEventFile(argument)).toBe(file);
  });
});

describe('folding a history into steps', () => {
  it('marks a step left through a Catch as caught, with its error, and one that retried as retried', async () => {
    // Prepare
    const sb = await sandbox();
    let calls = 0;
    const fn = `arn:aws:lambda:${sb.region}:${sb.account}:function:probe`;
    const flaky = async () => {
      calls += 1;
      const error = new Error(calls === 1 ? 'slow down' : 'no such model');
      error.name = calls === 1 ? 'ThrottledError' : 'ModelNotFoundError';
      throw error;
    };
    const machine = sb.stepFunctions.registerStateMachine({
      name: 'catch-probe',
      definition: {
        StartAt: 'Plan',
        States: {
          Plan: {
            Type: 'Task',
            Resource: fn,
            Retry: [{ ErrorEquals: ['ThrottledError'], IntervalSeconds: 1, MaxAttempts: 2 }],
            Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Recorded' }],
            End: true,
          },
          Recorded: { Type: 'Pass', End: true },
        },
      },
      handlers: { [fn]: flaky },
    }).stateMachineArn;
    const { executionArn } = await sb.stepFunctions.startExecution(machine, { input: '{}' });
    await sb.stepFunctions.waitForExecution(executionArn);

    // Act
    const folded = foldHistory(sb.stepFunctions.history(executionArn));

    // Assess
    expect(folded.steps.map((s) => [s.name, s.status, s.attempts])).toEqual([
      ['Plan', 'caught', 2],
      ['Recorded', 'succeeded', 0],
    ]);
    expect(folded.steps[0]?.failures.map((f) => f.error)).toEqual(['ThrottledError', 'ModelNotFoundError']);
    expect(folded.end?.type).toBe('ExecutionSucceeded');
  });
});
