import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { sandbox } from '../helpers.ts';
import { callbackMachine, createMachine, ROLE_ARN, sfnClient, sfnFailure, start } from './helpers.ts';

const PASS = { StartAt: 'Echo', States: { Echo: { Type: 'Pass', End: true } } };

describe('state machines over the wire', () => {
  it('creates, describes and lists state machines with their definition and role', async () => {
    // Prepare
    const sb = await sandbox();
    const sfn = sfnClient(sb);

    // Act
    const created = await sfn.send(
      new CreateStateMachineCommand({ name: 'echo', definition: JSON.stringify(PASS), roleArn: ROLE_ARN }),
    );
    const described = await sfn.send(
      new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }),
    );
    await createMachine(sb, 'second', PASS);
    const firstPage = await sfn.send(new ListStateMachinesCommand({ maxResults: 1 }));
    const secondPage = await sfn.send(
      new ListStateMachinesCommand({ maxResults: 1, nextToken: firstPage.nextToken }),
    );

    // Assess
    expect(created.stateMachineArn).toBe(`arn:aws:states:us-east-1:${sb.account}:stateMachine:echo`);
    expect(created.creationDate).toEqual(new Date(sb.clock.now()));
    expect(described).toMatchObject({
      name: 'echo',
      status: 'ACTIVE',
      type: 'STANDARD',
      roleArn: ROLE_ARN,
      definition: JSON.stringify(PASS),
    });
    expect(firstPage.stateMachines?.map((machine) => machine.name)).toEqual(['echo']);
    expect(secondPage.stateMachines?.map((machine) => machine.name)).toEqual(['second']);
    expect(secondPage.nextToken).toBeUndefined();
  });

  it('answers an identical CreateStateMachine with the same machine and a different one with a conflict', async () => {
    // Prepare
    const sb = await sandbox();
    const arn = await createMachine(sb, 'echo', PASS);

    // Act
    const again = await createMachine(sb, 'echo', PASS);
    const changed = await sfnFailure(createMachine(sb, 'echo', { ...PASS, Comment: 'changed' }));

    // Assess
    expect(again).toBe(arn);
    expect(changed.name).toBe('StateMachineAlreadyExists');
  });

  it('rejects invalid definitions and names with the service error codes', async () => {
    // Prepare
    const sb = await sandbox();
    const sdkIntegration = {
      StartAt: 'Describe',
      States: {
        Describe: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sagemaker:describeModel', End: true },
      },
    };

    // Act
    const unsupported = await sfnFailure(createMachine(sb, 'sdk', sdkIntegration));
    const notJson = await sfnFailure(createMachine(sb, 'broken', '{"StartAt": '));
    const noStates = await sfnFailure(createMachine(sb, 'empty', { StartAt: 'Nowhere', States: {} }));
    const badName = await sfnFailure(createMachine(sb, 'has space', PASS));

    // Assess
    expect(unsupported.name).toBe('InvalidDefinition');
    expect(unsupported.message).toContain('arn:aws:states:::aws-sdk:sagemaker:describeModel');
    expect(unsupported.message).toContain('arn:aws:states:::dynamodb:putItem|getItem|deleteItem|updateItem');
    expect(notJson.name).toBe('InvalidDefinition');
    expect(noStates.name).toBe('InvalidDefinition');
    expect(badName.name).toBe('InvalidName');
  });

  it('rejects an unknown state machine and a malformed ARN', async () => {
    // Prepare
    const sb = await sandbox();
    const sfn = sfnClient(sb);

    // Act
    const unknown = await sfnFailure(
      sfn.send(
        new DescribeStateMachineCommand({
          stateMachineArn: `arn:aws:states:us-east-1:${sb.account}:stateMachine:nope`,
        }),
      ),
    );
    const malformed = await sfnFailure(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: 'nope' })),
    );
    const wrongKind = await sfnFailure(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:us-east-1:${sb.account}:stateMachine:x`,
        }),
      ),
    );

    // Assess
    expect(unknown.name).toBe('StateMachineDoesNotExist');
    expect(malformed.name).toBe('InvalidArn');
    expect(wrongKind.name).toBe('InvalidArn');
  });
});

describe('executions over the wire', () => {
  it('names an execution with a uuid by default and answers DescribeExecution with its input and output', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'echo', PASS);
    const sfn = sfnClient(sb);

    // Act
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{"a":1}' }));
    await sb.stepFunctions.waitForExecution(started.executionArn ?? '');
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn }));

    // Assess
    expect(started.executionArn).toMatch(
      /^arn:aws:states:us-east-1:\d{12}:execution:echo:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
    expect(started.startDate).toBeInstanceOf(Date);
    expect(described).toMatchObject({
      stateMachineArn: machine,
      status: 'SUCCEEDED',
      input: '{"a":1}',
      output: '{"a":1}',
    });
  });

  it('treats a repeated name as the same execution only while it runs with the same input', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'approval', callbackMachine(sb));
    const first = await start(sb, machine, { model: 'a' }, 'run-1');

    // Act
    const same = await start(sb, machine, { model: 'a' }, 'run-1');
    const otherInput = await sfnFailure(start(sb, machine, { model: 'b' }, 'run-1'));
    const pending = await sb.stepFunctions.waitForPendingTask(first);
    sb.stepFunctions.sendTaskSuccess(pending.token, '{}');
    await sb.stepFunctions.waitForExecution(first);
    const afterItEnded = await sfnFailure(start(sb, machine, { model: 'a' }, 'run-1'));

    // Assess
    expect(same).toBe(first);
    expect(otherInput.name).toBe('ExecutionAlreadyExists');
    expect(afterItEnded.name).toBe('ExecutionAlreadyExists');
  });

  it('rejects bad execution names, input that is not JSON, and unknown executions', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'echo', PASS);
    const sfn = sfnClient(sb);

    // Act
    const tooLong = await sfnFailure(start(sb, machine, {}, 'x'.repeat(81)));
    const withSlash = await sfnFailure(start(sb, machine, {}, 'a/b'));
    const notJson = await sfnFailure(
      sfn.send(new StartExecutionCommand({ stateMachineArn: machine, input: '{' })),
    );
    const unknown = await sfnFailure(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `arn:aws:states:us-east-1:${sb.account}:execution:echo:nope`,
        }),
      ),
    );
    const missing = await sfnFailure(sfn.send(new DescribeExecutionCommand({ executionArn: undefined })));

    // Assess
    expect(tooLong.name).toBe('InvalidName');
    expect(withSlash.name).toBe('InvalidName');
    expect(notJson.name).toBe('InvalidExecutionInput');
    expect(unknown.name).toBe('ExecutionDoesNotExist');
    expect(missing.name).toBe('ValidationException');
    expect(missing.message).toContain("Value null at 'executionArn' failed to satisfy constraint");
  });

  it('lists executions newest first, filtered by status, a page at a time', async () => {
    // Prepare: three that finish and two that wait for a callback
    const sb = await sandbox();
    const echo = await createMachine(sb, 'echo', PASS);
    const waiting = await createMachine(sb, 'approval', callbackMachine(sb));
    for (const name of ['e1', 'e2', 'e3'])
      await sb.stepFunctions.waitForExecution(await start(sb, echo, {}, name));
    for (const name of ['w1', 'w2']) await start(sb, waiting, {}, name);
    const sfn = sfnClient(sb);

    // Act
    const page1 = await sfn.send(new ListExecutionsCommand({ stateMachineArn: echo, maxResults: 2 }));
    const page2 = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: echo, maxResults: 2, nextToken: page1.nextToken }),
    );
    const running = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'RUNNING' }),
    );
    const succeeded = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: waiting, statusFilter: 'SUCCEEDED' }),
    );

    // Assess
    expect(page1.executions?.map((execution) => execution.name)).toEqual(['e3', 'e2']);
    expect(page2.executions?.map((execution) => execution.name)).toEqual(['e1']);
    expect(page2.nextToken).toBeUndefined();
    expect(running.executions?.map((execution) => [execution.name, execution.status])).toEqual([
      ['w2', 'RUNNING'],
      ['w1', 'RUNNING'],
    ]);
    expect(succeeded.executions).toEqual([]);
  });

  it('rejects a pagination token it did not issue', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'echo', PASS);

    // Act
    const error = await sfnFailure(
      sfnClient(sb).send(new ListExecutionsCommand({ stateMachineArn: machine, nextToken: 'bogus' })),
    );

    // Assess
    expect(error.name).toBe('InvalidToken');
  });

  it('sends timestamps as epoch seconds on the wire', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'echo', PASS);
    const executionArn = await start(sb, machine);
    await sb.stepFunctions.waitForExecution(executionArn);

    // Act
    const response = await fetch(sb.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.DescribeExecution',
      },
      body: JSON.stringify({ executionArn }),
    });
    const body: unknown = await response.json();

    // Assess
    expect(response.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(body).toMatchObject({ startDate: sb.clock.now() / 1000, stopDate: sb.clock.now() / 1000 });
  });
});

describe('task tokens over the wire', () => {
  it('answers tokens it never issued with InvalidToken or TaskDoesNotExist, and bad output with InvalidOutput', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'approval', callbackMachine(sb));
    const executionArn = await start(sb, machine);
    const pending = await sb.stepFunctions.waitForPendingTask(executionArn);
    const sfn = sfnClient(sb);
    const neverIssued = Buffer.from('sm5-sandbox-task:00000000-0000-4000-8000-000000000000').toString(
      'base64',
    );

    // Act
    const garbage = await sfnFailure(
      sfn.send(new SendTaskSuccessCommand({ taskToken: 'garbage', output: '{}' })),
    );
    const unknown = await sfnFailure(sfn.send(new SendTaskHeartbeatCommand({ taskToken: neverIssued })));
    const badOutput = await sfnFailure(
      sfn.send(new SendTaskSuccessCommand({ taskToken: pending.token, output: 'not json' })),
    );
    const tooLongError = await sfnFailure(
      sfn.send(new SendTaskFailureCommand({ taskToken: pending.token, error: 'e'.repeat(257) })),
    );

    // Assess
    expect(garbage.name).toBe('InvalidToken');
    expect(unknown.name).toBe('TaskDoesNotExist');
    expect(badOutput.name).toBe('InvalidOutput');
    expect(tooLongError.name).toBe('ValidationException');
    expect(sb.stepFunctions.pendingTaskTokens(executionArn).map((task) => task.token)).toEqual([
      pending.token,
    ]);
  });
});
