import { describe, expect, it } from 'vitest';
import { sandbox } from '../helpers.ts';
import {
  callbackMachine,
  createMachine,
  fullHistory,
  functionArn,
  named,
  sfnFailure,
  start,
} from './helpers.ts';

describe('running states', () => {
  it('fails the execution at a Fail state with its Error and Cause', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'fail', {
      StartAt: 'Stop',
      States: { Stop: { Type: 'Fail', Error: 'Blocked', Cause: 'serverless endpoints cannot be isolated' } },
    });

    // Act
    const done = await sb.stepFunctions.waitForExecution(await start(sb, machine));

    // Assess
    expect(done).toMatchObject({
      status: 'FAILED',
      error: 'Blocked',
      cause: 'serverless endpoints cannot be isolated',
    });
  });

  it('times the execution out at TimeoutSeconds on the sandbox clock', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'slow', { ...callbackMachine(sb), TimeoutSeconds: 600 });
    const executionArn = await start(sb, machine);
    await sb.stepFunctions.waitForPendingTask(executionArn);

    // Act
    sb.clock.advance(600);
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(done).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    const events = await fullHistory(sb, executionArn);
    expect(events.at(-1)?.type).toBe('ExecutionTimedOut');
  });

  it('does not let States.TaskFailed catch a timeout, while States.ALL does', async () => {
    // Prepare
    const sb = await sandbox();
    let markCalled = (): void => {};
    const called = new Promise<void>((resolve) => {
      markCalled = resolve;
    });
    sb.stepFunctions.registerLambdas({
      hang: () => {
        markCalled();
        return new Promise(() => {});
      },
    });
    const machine = await createMachine(sb, 'catchers', {
      StartAt: 'Hang',
      States: {
        Hang: {
          Type: 'Task',
          Resource: functionArn(sb, 'hang'),
          TimeoutSeconds: 10,
          Catch: [
            { ErrorEquals: ['States.TaskFailed'], Next: 'TaskFailed' },
            { ErrorEquals: ['States.ALL'], Next: 'Anything' },
          ],
          End: true,
        },
        TaskFailed: { Type: 'Succeed' },
        Anything: { Type: 'Succeed' },
      },
    });
    const executionArn = await start(sb, machine);
    await called;

    // Act
    sb.clock.advance(10);
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    const events = await fullHistory(sb, executionArn);
    expect(events.find((event) => event.type === 'LambdaFunctionTimedOut')).toBeDefined();
    expect(events.at(-2)?.stateExitedEventDetails?.name).toBe('Anything');
    expect(done.status).toBe('SUCCEEDED');
  });

  it('runs lambda:invoke tasks with the Invoke API result shape and Task events', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'invoke', {
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionArn(sb, 'greet'), Payload: { 'name.$': '$.name' } },
          ResultSelector: { 'greeting.$': '$.Payload', 'status.$': '$.StatusCode' },
          End: true,
        },
      },
    });
    sb.stepFunctions.registerLambdas({ greet: async (event) => `hello ${(event as { name: string }).name}` });

    // Act
    const executionArn = await start(sb, machine, { name: 'ada' });
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(JSON.parse(done.output ?? 'null')).toEqual({ greeting: 'hello ada', status: 200 });
    const events = await fullHistory(sb, executionArn);
    expect(events.find((event) => event.type === 'TaskScheduled')?.taskScheduledEventDetails).toMatchObject({
      resourceType: 'lambda',
      resource: 'invoke',
    });
  });

  it('runs Parallel branches and records them as the service does', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'parallel', {
      StartAt: 'Both',
      States: {
        Both: {
          Type: 'Parallel',
          Branches: [
            { StartAt: 'Left', States: { Left: { Type: 'Pass', Result: 'left', End: true } } },
            { StartAt: 'Right', States: { Right: { Type: 'Pass', Result: 'right', End: true } } },
          ],
          End: true,
        },
      },
    });

    // Act
    const executionArn = await start(sb, machine);
    const done = await sb.stepFunctions.waitForExecution(executionArn);

    // Assess
    expect(done.output).toBe('["left","right"]');
    const types = (await fullHistory(sb, executionArn)).map((event) => event.type);
    expect(types.slice(0, 3)).toEqual(['ExecutionStarted', 'ParallelStateEntered', 'ParallelStateStarted']);
    expect(types.slice(-3)).toEqual(['ParallelStateSucceeded', 'ParallelStateExited', 'ExecutionSucceeded']);
    expect(types.filter((type) => type === 'PassStateExited')).toHaveLength(2);
  });

  it('fails a task whose Lambda has no handler with Lambda.ResourceNotFoundException', async () => {
    // Prepare
    const sb = await sandbox();
    const machine = await createMachine(sb, 'orphan', {
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: functionArn(sb, 'nobody'), End: true } },
    });

    // Act
    const done = await sb.stepFunctions.waitForExecution(await start(sb, machine));

    // Assess
    expect(done.status).toBe('FAILED');
    expect(done.error).toBe('Lambda.ResourceNotFoundException');
    expect(done.cause).toContain(functionArn(sb, 'nobody'));
  });

  it('prefers a state machine’s own handlers over the shared ones', async () => {
    // Prepare
    const sb = await sandbox();
    sb.stepFunctions.registerLambdas({ which: async () => 'shared' });
    const definition = {
      StartAt: 'Which',
      States: { Which: { Type: 'Task', Resource: functionArn(sb, 'which'), End: true } },
    };
    const own = sb.stepFunctions.registerStateMachine({
      name: 'own',
      definition,
      handlers: { [functionArn(sb, 'which')]: async () => 'own' },
    });
    const shared = sb.stepFunctions.registerStateMachine({ name: 'shared', definition });

    // Act
    const ownDone = await sb.stepFunctions.waitForExecution(await start(sb, own.stateMachineArn));
    const sharedDone = await sb.stepFunctions.waitForExecution(await start(sb, shared.stateMachineArn));

    // Assess
    expect(ownDone.output).toBe('"own"');
    expect(sharedDone.output).toBe('"shared"');
  });

  it('hands a Lambda handler its ARN and request id in the context, and a copy of the input', async () => {
    // Prepare
    const sb = await sandbox();
    const seen: Array<{ arn: string; requestId: string }> = [];
    const input = { nested: { value: 1 } };
    sb.stepFunctions.registerLambdas({
      mutate: async (event, context) => {
        seen.push({ arn: context.invokedFunctionArn, requestId: context.awsRequestId });
        (event as { nested: { value: number } }).nested.value = 2;
        return event;
      },
    });
    const machine = await createMachine(sb, 'mutate', {
      StartAt: 'Mutate',
      States: {
        Mutate: { Type: 'Task', Resource: functionArn(sb, 'mutate'), ResultPath: '$.result', End: true },
      },
    });

    // Act
    const done = await sb.stepFunctions.waitForExecution(await start(sb, machine, input));

    // Assess
    expect(seen).toEqual([
      { arn: functionArn(sb, 'mutate'), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) },
    ]);
    expect(JSON.parse(done.output ?? '{}')).toEqual({
      nested: { value: 1 },
      result: { nested: { value: 2 } },
    });
  });

  it('runs Retry on the sandbox clock only for the errors it names', async () => {
    // Prepare: a validation error is not retried even though a Retry exists
    const sb = await sandbox();
    let calls = 0;
    sb.stepFunctions.registerLambdas({
      validate: async () => {
        calls += 1;
        throw named('InvalidInputError', 'bad');
      },
    });
    const machine = await createMachine(sb, 'no-retry', {
      StartAt: 'Validate',
      States: {
        Validate: {
          Type: 'Task',
          Resource: functionArn(sb, 'validate'),
          Retry: [{ ErrorEquals: ['ThrottledError'], MaxAttempts: 5 }],
          End: true,
        },
      },
    });

    // Act
    const done = await sb.stepFunctions.waitForExecution(await start(sb, machine));

    // Assess
    expect(calls).toBe(1);
    expect(done).toMatchObject({ status: 'FAILED', error: 'InvalidInputError' });
  });

  it('rejects definitions the sandbox cannot run faithfully', async () => {
    // Prepare
    const sb = await sandbox();
    const task = (name: string) => ({ Type: 'Task', Resource: functionArn(sb, name), End: true });

    // Act
    const jsonata = await sfnFailure(
      createMachine(sb, 'jsonata', {
        QueryLanguage: 'JSONata',
        StartAt: 'A',
        States: { A: { Type: 'Pass', End: true } },
      }),
    );
    const duplicate = await sfnFailure(
      createMachine(sb, 'duplicate', {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'Work', States: { Work: task('a') } },
            Next: 'Work',
          },
          Work: task('b'),
        },
      }),
    );

    // Assess
    expect(jsonata.name).toBe('InvalidDefinition');
    expect(duplicate.name).toBe('InvalidDefinition');
    expect(duplicate.message).toContain('Work');
  });
});

describe('the DynamoDB integration', () => {
  it('answers getItem in the integration’s shape and names DynamoDB errors as Step Functions does', async () => {
    // Prepare
    const sb = await sandbox();
    await sb.dynamodb.ensureTable({
      TableName: 'locks',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    });
    const caught = (path: string) => [{ ErrorEquals: ['States.ALL'], ResultPath: path, Next: 'Continue' }];
    const machine = await createMachine(sb, 'dynamo', {
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 'locks', Item: { pk: { S: 'a' }, n: { N: '7' } } },
          ResultPath: null,
          Next: 'Get',
        },
        Get: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:getItem',
          Parameters: { TableName: 'locks', Key: { pk: { S: 'a' } } },
          ResultPath: '$.get',
          Next: 'NoTable',
        },
        NoTable: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:deleteItem',
          Parameters: { TableName: 'nothing-here', Key: { pk: { S: 'a' } } },
          Catch: caught('$.noTable'),
          ResultPath: null,
          Next: 'Continue',
        },
        Continue: { Type: 'Pass', Next: 'BadRequest' },
        BadRequest: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:updateItem',
          Parameters: { TableName: 'locks', Key: { pk: { S: 'a' } }, UpdateExpression: 'SET' },
          Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.badRequest', Next: 'Finish' }],
          Next: 'Finish',
        },
        Finish: { Type: 'Succeed' },
      },
    });

    // Act
    const done = await sb.stepFunctions.waitForExecution(await start(sb, machine));

    // Assess
    const output = JSON.parse(done.output ?? '{}');
    expect(output.get).toMatchObject({
      Item: { pk: { S: 'a' }, n: { N: '7' } },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(output.noTable.Error).toBe('DynamoDB.ResourceNotFoundException');
    expect(output.badRequest.Error).toBe('DynamoDB.AmazonDynamoDBException');
    expect(output.badRequest.Cause).toContain('Error Code: ValidationException');
  });
});
