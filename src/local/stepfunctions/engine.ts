/**
 * The local Step Functions service: state machines, executions, task tokens and the SNS outbox, with the
 * programmatic surface tests and the demo use (`registerStateMachine`, `waitForExecution`,
 * `waitForPendingTask`, `outbox`) next to the operations the wire API (`api.ts`) exposes.
 */
import './polyfill.ts';
import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type {
  DescribeExecutionOutput,
  DescribeStateMachineOutput,
  ExecutionListItem,
  HistoryEvent,
  StateMachineListItem,
} from '@aws-sdk/client-sfn';
import { SFNClient } from '@aws-sdk/client-sfn';
import { StateMachine as LocalStateMachine } from 'aws-local-stepfunctions';
import type { SandboxClock } from '../clock.ts';
import { ServiceError } from '../service.ts';
import { prepareDefinition } from './definition.ts';
import { Execution, type ExecutionStatus, type MachineRef } from './execution.ts';
import { findLambdaHandler, type LambdaHandler, type LambdaHandlers } from './integrations/lambda.ts';
import { Outbox } from './integrations/sns.ts';
import { parseJson } from './json.ts';
import { libraryTimeoutErrors } from './library-timeout.ts';
import { assertValidName, executionArn, requireArn, type Scope, stateMachineArn } from './names.ts';
import { type PendingTask, TaskTokens } from './task-tokens.ts';

/** What the engine needs to call other sandbox services (DynamoDB) over the sandbox's port. */
export interface AwsClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export interface StepFunctionsOptions {
  readonly scope: Scope;
  readonly clock: SandboxClock;
  /** Called when a DynamoDB task first runs (the sandbox's URL is known by then). */
  readonly awsClientConfig: () => AwsClientConfig;
  /** Lambda handlers every state machine can use, by function ARN or name. */
  readonly lambdas?: LambdaHandlers;
}

export interface CreateStateMachineInput {
  readonly name: string;
  /** ASL JSON text. */
  readonly definition: string;
  readonly roleArn: string;
  readonly type?: string;
}

export interface RegisterStateMachineOptions {
  readonly name: string;
  /** ASL as JSON text or as an object. */
  readonly definition: string | object;
  /** Defaults to a sandbox role; Step Functions records it but the sandbox does not check permissions. */
  readonly roleArn?: string;
  /** Handlers for this state machine's Lambda tasks, by function ARN or name (tried before the shared ones). */
  readonly handlers?: LambdaHandlers;
}

export interface StateMachineRecord extends MachineRef {
  readonly createdAt: number;
  readonly handlers: LambdaHandlers;
}

export const MAX_PAYLOAD_BYTES = 262_144;

export class StepFunctionsEngine {
  /** Messages published by `sns:publish` tasks. */
  readonly outbox = new Outbox();
  readonly tokens = new TaskTokens();

  private readonly machines = new Map<string, StateMachineRecord>();
  private readonly executions = new Map<string, Execution>();
  private readonly lambdas: Record<string, LambdaHandler> = {};
  private readonly timeoutErrors = libraryTimeoutErrors();
  private dynamoDbClient: DynamoDBClient | undefined;
  private sfnClient: SFNClient | undefined;

  constructor(private readonly options: StepFunctionsOptions) {
    Object.assign(this.lambdas, options.lambdas);
  }

  get scope(): Scope {
    return this.options.scope;
  }

  /** Adds Lambda handlers shared by every state machine (by function ARN or name). */
  registerLambdas(handlers: LambdaHandlers): void {
    Object.assign(this.lambdas, handlers);
  }

  /** Registers a state machine as CreateStateMachine would, with its own Lambda handlers. */
  registerStateMachine(options: RegisterStateMachineOptions): { stateMachineArn: string; name: string } {
    const definition =
      typeof options.definition === 'string'
        ? options.definition
        : JSON.stringify(options.definition, null, 2);
    const roleArn = options.roleArn ?? `arn:aws:iam::${this.scope.account}:role/sm5-sandbox-states`;
    const record = this.createStateMachine({ name: options.name, definition, roleArn }, options.handlers);
    return { stateMachineArn: record.arn, name: record.name };
  }

  createStateMachine(input: CreateStateMachineInput, handlers: LambdaHandlers = {}): StateMachineRecord {
    assertValidName(input.name);
    if (input.type !== undefined && input.type !== 'STANDARD') {
      throw new ServiceError(
        'ValidationException',
        `The sandbox runs STANDARD state machines only, not '${input.type}'`,
      );
    }
    const prepared = prepareDefinition(input.definition);
    const arn = stateMachineArn(this.scope, input.name);
    const existing = this.machines.get(arn);
    if (existing !== undefined) {
      // Like the service: an identical request is answered with the existing state machine.
      if (existing.definition.text === input.definition && existing.roleArn === input.roleArn)
        return existing;
      throw new ServiceError('StateMachineAlreadyExists', `State Machine Already Exists: '${arn}'`);
    }
    const record: StateMachineRecord = {
      arn,
      name: input.name,
      roleArn: input.roleArn,
      definition: prepared,
      runner: new LocalStateMachine(prepared.runnable, { validationOptions: { noValidate: true } }),
      createdAt: this.options.clock.now(),
      handlers,
    };
    this.machines.set(arn, record);
    return record;
  }

  describeStateMachine(arn: string): DescribeStateMachineOutput {
    const machine = this.machine(arn);
    return {
      stateMachineArn: machine.arn,
      name: machine.name,
      status: 'ACTIVE',
      definition: machine.definition.text,
      roleArn: machine.roleArn,
      type: 'STANDARD',
      creationDate: new Date(machine.createdAt),
      loggingConfiguration: { level: 'OFF', includeExecutionData: false },
      tracingConfiguration: { enabled: false },
    };
  }

  /** In creation order. */
  listStateMachines(): StateMachineListItem[] {
    return [...this.machines.values()].map((machine) => ({
      stateMachineArn: machine.arn,
      name: machine.name,
      type: 'STANDARD',
      creationDate: new Date(machine.createdAt),
    }));
  }

  async startExecution(
    machineArn: string,
    options: { name?: string; input?: string } = {},
  ): Promise<{ executionArn: string; startDate: Date }> {
    const machine = this.machine(machineArn);
    const name = options.name ?? randomUUID();
    assertValidName(name);
    const input = options.input ?? '{}';
    assertJsonPayload(input, 'InvalidExecutionInput', 'Invalid State Machine Execution Input');
    const arn = executionArn(this.scope, machine.name, name);
    const existing = this.executions.get(arn);
    if (existing !== undefined) {
      // Standard workflows: same name and input while running is idempotent; anything else is a conflict.
      if (existing.status === 'RUNNING' && existing.input === input) {
        return { executionArn: arn, startDate: new Date(existing.startDate) };
      }
      throw new ServiceError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const timeoutError = await this.timeoutErrors;
    const execution = new Execution(
      {
        clock: this.options.clock,
        scope: this.scope,
        tokens: this.tokens,
        outbox: this.outbox,
        timeoutError,
        dynamoDb: () => this.dynamoDb(),
        sfn: () => this.sfn(),
        lambda: (functionArnOrName) => findLambdaHandler([machine.handlers, this.lambdas], functionArnOrName),
      },
      machine,
      arn,
      name,
      input,
      this.options.clock.now(),
      this.executions.size + 1,
    );
    this.executions.set(arn, execution);
    execution.start();
    return { executionArn: arn, startDate: new Date(execution.startDate) };
  }

  describeExecution(arn: string): DescribeExecutionOutput {
    const execution = this.execution(arn);
    return {
      executionArn: execution.arn,
      stateMachineArn: execution.machine.arn,
      name: execution.name,
      status: execution.status,
      startDate: new Date(execution.startDate),
      stopDate: execution.stopDate === undefined ? undefined : new Date(execution.stopDate),
      input: execution.input,
      inputDetails: { included: true },
      output: execution.output,
      outputDetails: execution.output === undefined ? undefined : { included: true },
      error: execution.error,
      cause: execution.cause,
    };
  }

  /** Newest first, as the service lists them. */
  listExecutions(machineArn: string, statusFilter?: ExecutionStatus): ExecutionListItem[] {
    return this.executionsOf(machineArn, statusFilter).map(listItem);
  }

  /** Newest first; each execution's `seq` orders them for pagination. */
  executionsOf(machineArn: string, statusFilter?: ExecutionStatus): Execution[] {
    const machine = this.machine(machineArn);
    return [...this.executions.values()]
      .filter((execution) => execution.machine.arn === machine.arn)
      .filter((execution) => statusFilter === undefined || execution.status === statusFilter)
      .reverse();
  }

  /** The history so far, oldest first, in the SDK's shape. */
  history(arn: string): readonly HistoryEvent[] {
    return this.execution(arn).history.events;
  }

  async stopExecution(arn: string, error?: string, cause?: string): Promise<{ stopDate: Date }> {
    const execution = this.execution(arn);
    await execution.stop(error, cause);
    return { stopDate: new Date(execution.stopDate ?? this.options.clock.now()) };
  }

  sendTaskSuccess(token: string, output: string): void {
    assertJsonPayload(output, 'InvalidOutput', 'Invalid Output');
    this.tokens.succeed(token, parseJson(output));
  }

  sendTaskFailure(token: string, error = '', cause = ''): void {
    this.tokens.fail(token, error, cause);
  }

  sendTaskHeartbeat(token: string): void {
    this.tokens.heartbeat(token);
  }

  /** The callback tasks of an execution that wait for SendTaskSuccess / SendTaskFailure. */
  pendingTaskTokens(executionArn: string): PendingTask[] {
    return this.tokens.pending(this.execution(executionArn).arn);
  }

  /** Resolves once the execution has ended (any status). */
  async waitForExecution(executionArn: string): Promise<DescribeExecutionOutput> {
    await this.execution(executionArn).finished;
    return this.describeExecution(executionArn);
  }

  /**
   * Resolves with the first pending callback task of the execution (of `stateName`, when given); rejects if
   * the execution ends first.
   */
  waitForPendingTask(executionArn: string, options: { stateName?: string } = {}): Promise<PendingTask> {
    const execution = this.execution(executionArn);
    const wanted = (task: PendingTask): boolean =>
      options.stateName === undefined || task.stateName === options.stateName;
    return new Promise((resolve, reject) => {
      let unsubscribe = (): void => {};
      const check = (): boolean => {
        const task = this.tokens.pending(execution.arn).find(wanted);
        if (task !== undefined) {
          unsubscribe();
          resolve(task);
          return true;
        }
        if (execution.status !== 'RUNNING') {
          unsubscribe();
          reject(new Error(`${execution.arn} ended ${execution.status} without a pending task`));
          return true;
        }
        return false;
      };
      if (check()) return;
      unsubscribe = this.tokens.onChange(check);
      void execution.finished.then(check);
    });
  }

  /** Stops every running execution and releases clients. */
  async stop(): Promise<void> {
    const running = [...this.executions.values()].filter((execution) => execution.status === 'RUNNING');
    await Promise.all(
      running.map((execution) => execution.stop('Sandbox.Stopped', 'The sandbox was stopped')),
    );
    this.dynamoDbClient?.destroy();
    this.dynamoDbClient = undefined;
    this.sfnClient?.destroy();
    this.sfnClient = undefined;
  }

  private machine(arn: string): StateMachineRecord {
    const machine = this.machines.get(requireArn(arn, 'stateMachine'));
    if (machine === undefined) {
      throw new ServiceError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    }
    return machine;
  }

  private execution(arn: string): Execution {
    const execution = this.executions.get(requireArn(arn, 'execution'));
    if (execution === undefined)
      throw new ServiceError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  }

  private dynamoDb(): DynamoDBClient {
    // One attempt: a fault the sandbox injects should reach the workflow's Retry, not the SDK's.
    this.dynamoDbClient ??= new DynamoDBClient({ ...this.options.awsClientConfig(), maxAttempts: 1 });
    return this.dynamoDbClient;
  }

  private sfn(): SFNClient {
    // One attempt, as for DynamoDB: the workflow's Retry handles what the sandbox injects.
    this.sfnClient ??= new SFNClient({ ...this.options.awsClientConfig(), maxAttempts: 1 });
    return this.sfnClient;
  }
}

export function listItem(execution: Execution): ExecutionListItem {
  return {
    executionArn: execution.arn,
    stateMachineArn: execution.machine.arn,
    name: execution.name,
    status: execution.status,
    startDate: new Date(execution.startDate),
    stopDate: execution.stopDate === undefined ? undefined : new Date(execution.stopDate),
  };
}

function assertJsonPayload(text: string, code: string, label: string): void {
  if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
    throw new ServiceError(
      code,
      `${label}: 'The payload exceeds the maximum size of ${MAX_PAYLOAD_BYTES} bytes'`,
    );
  }
  try {
    JSON.parse(text);
  } catch (error) {
    throw new ServiceError(code, `${label}: '${error instanceof Error ? error.message : String(error)}'`);
  }
}
