/**
 * Set-up for the workflow tests: a sandbox seeded with a scenario, the real ASL registered as
 * `sm5-remediate-model` with the real handlers, and readers for what a run leaves behind (models,
 * endpoints, locks, finding notes, the history).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  ListEndpointConfigsCommand,
  ListModelsCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import { afterEach, expect } from 'vitest';
import type * as z from 'zod';
import { WorkflowState } from '../../src/domain/workflow/state.ts';
import type { CreateEndpointConfigInput, CreateModelInput } from '../../src/local/sagemaker/shapes.ts';
import { type Sandbox, startSandbox } from '../../src/local/sandbox.ts';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import { sageMaker5Finding } from '../../src/local/securityhub/sagemaker5-finding.ts';
import {
  type RegisterWorkflowOptions,
  registerWorkflow,
  type WorkflowRegistration,
} from '../../src/local/workflow/register.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

type ModelRequest = z.input<typeof CreateModelInput>;
type ConfigRequest = z.input<typeof CreateEndpointConfigInput>;

export function model(name: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    ModelName: name,
    PrimaryContainer: {
      Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1`,
      ModelDataUrl: `s3://ml-artifacts-${ACCOUNT}/${name}/model.tar.gz`,
    },
    ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker-inference`,
    ...extra,
  };
}

/** A config with one instance-backed variant per model, named after it. */
export function config(name: string, models: readonly string[]): ConfigRequest {
  return {
    EndpointConfigName: name,
    ProductionVariants: models.map((m) => ({
      VariantName: `v-${m}`,
      ModelName: m,
      InstanceType: 'ml.m5.large',
      InitialInstanceCount: 1,
    })),
  };
}

export function serverlessConfig(name: string, modelName: string): ConfigRequest {
  return {
    EndpointConfigName: name,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: modelName,
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      },
    ],
  };
}

export function endpoint(name: string, configName: string) {
  return { EndpointName: name, EndpointConfigName: configName };
}

/** The commonest account: one model, served alone by `<name>-ep` on `<name>-config`. */
export function servedAlone(name: string) {
  return {
    models: [model(name)],
    endpointConfigs: [config(`${name}-config`, [name])],
    endpoints: [endpoint(`${name}-ep`, `${name}-config`)],
  };
}

export function modelArn(name: string): string {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${name.toLowerCase()}`;
}

export function findingId(modelName: string): string {
  return `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/SageMaker.5/finding/${modelName}-0001`;
}

/** A consolidated SageMaker.5 finding (FAILED, NEW, ACTIVE) about the model. */
export function finding(modelName: string): Record<string, unknown> {
  return sageMaker5Finding({
    id: findingId(modelName),
    account: ACCOUNT,
    region: REGION,
    modelArn: modelArn(modelName),
  });
}

/** The EventBridge event the ASFF rule delivers for the finding. */
export function findingEvent(modelName: string): Record<string, unknown> {
  const body = finding(modelName);
  return {
    version: '0',
    id: `event-${modelName}`,
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: ACCOUNT,
    time: '2026-11-26T09:14:07Z',
    region: REGION,
    resources: [`${String(body.ProductArn)}/${String(body.Id)}`],
    detail: { findings: [body] },
  };
}

export interface Harness {
  readonly sb: Sandbox;
  readonly workflow: WorkflowRegistration;
  readonly sagemaker: SageMakerClient;
}

const running: Sandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((sb) => sb.stop()));
});

/** A sandbox seeded with `scenario` (plus a finding for each model unless given) and the workflow. */
export async function harness(
  scenario: ScenarioInput,
  options: RegisterWorkflowOptions & { transitionSeconds?: number } = {},
): Promise<Harness> {
  const { transitionSeconds, ...register } = options;
  const findings = scenario.findings ?? (scenario.models ?? []).map((m) => finding(m.ModelName));
  const sb = await startSandbox({
    scenario: { ...scenario, findings },
    ...(transitionSeconds === undefined ? {} : { transitionSeconds }),
  });
  running.push(sb);
  const workflow = await registerWorkflow(sb, { mode: 'auto', ...register });
  return { sb, workflow, sagemaker: new SageMakerClient({ ...sb.clientConfig(), maxAttempts: 1 }) };
}

export async function start(h: Harness, input: unknown): Promise<string> {
  const { executionArn } = await h.sb.stepFunctions.startExecution(h.workflow.stateMachineArn, {
    input: JSON.stringify(input),
  });
  return executionArn;
}

export interface Finished {
  readonly executionArn: string;
  readonly result: DescribeExecutionOutput;
  readonly output: Record<string, unknown>;
  readonly history: readonly HistoryEvent[];
}

export async function finish(h: Harness, executionArn: string): Promise<Finished> {
  const result = await h.sb.stepFunctions.waitForExecution(executionArn);
  const parsed: unknown = JSON.parse(result.output ?? 'null');
  const output = typeof parsed === 'object' && parsed !== null ? { ...parsed } : {};
  const history = h.sb.stepFunctions.history(executionArn);
  expectWorkflowStates(h, history);
  return { executionArn, result, output, history };
}

/**
 * RecordOutcome parses only what it reads of the workflow state, so the state's whole contract is checked
 * here instead: every state a Record step received, in every workflow test, is a WorkflowState, strictly.
 */
function expectWorkflowStates(h: Harness, history: readonly HistoryEvent[]): void {
  const recordArn = h.workflow.functionArns['record-outcome'];
  for (const event of history) {
    const scheduled = event.lambdaFunctionScheduledEventDetails;
    if (scheduled?.resource !== recordArn || scheduled.input === undefined) continue;
    const task: { input?: { phase?: string; state?: unknown } } = JSON.parse(scheduled.input);
    const parsed = WorkflowState.safeParse(task.input?.state);
    expect(parsed.error?.issues ?? [], `the state Record got at phase ${task.input?.phase}`).toEqual([]);
  }
}

/** Starts one execution and waits for its end. */
export async function runToEnd(h: Harness, input: unknown): Promise<Finished> {
  return finish(h, await start(h, input));
}

export function remediate(modelName: string, mode?: string): unknown {
  return { sm5: { request: { modelName }, ...(mode === undefined ? {} : { mode }) } };
}

/** The names of the states entered, in order (iterations' states included). */
export function statesEntered(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) =>
    e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name !== undefined
      ? [e.stateEnteredEventDetails.name]
      : [],
  );
}

/**
 * What the run's last Record step answered (`{ outcome, recorded, status, note }`), read from the history:
 * a failed execution has no output.
 */
export function outcomeOf(run: Finished): Record<string, unknown> {
  const recorded = run.history.flatMap((e) => {
    const output: unknown = JSON.parse(e.lambdaFunctionSucceededEventDetails?.output ?? 'null');
    return typeof output === 'object' && output !== null && 'outcome' in output && 'note' in output
      ? [{ ...output }]
      : [];
  });
  return recorded.at(-1) ?? {};
}

/** The errors of every failed Lambda or service task attempt, in order. */
export function taskErrors(run: Finished): string[] {
  return run.history.flatMap((e) => {
    const error = e.lambdaFunctionFailedEventDetails?.error ?? e.taskFailedEventDetails?.error;
    return error === undefined ? [] : [error];
  });
}

export async function modelNames(h: Harness): Promise<string[]> {
  const out = await h.sagemaker.send(new ListModelsCommand({ MaxResults: 100 }));
  return (out.Models ?? []).flatMap((m) => (m.ModelName === undefined ? [] : [m.ModelName])).sort();
}

export async function configNames(h: Harness): Promise<string[]> {
  const out = await h.sagemaker.send(new ListEndpointConfigsCommand({ MaxResults: 100 }));
  return (out.EndpointConfigs ?? [])
    .flatMap((c) => (c.EndpointConfigName === undefined ? [] : [c.EndpointConfigName]))
    .sort();
}

export async function describeModel(h: Harness, name: string) {
  return h.sagemaker.send(new DescribeModelCommand({ ModelName: name }));
}

/** The endpoint's status, config, and the models its config's variants run. */
export async function servingOf(h: Harness, endpointName: string) {
  const ep = await h.sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
  const cfg = await h.sagemaker.send(
    new DescribeEndpointConfigCommand({ EndpointConfigName: ep.EndpointConfigName }),
  );
  return {
    status: ep.EndpointStatus,
    configName: ep.EndpointConfigName,
    models: (cfg.ProductionVariants ?? []).map((v) => v.ModelName).sort(),
  };
}

/** Every lock item left in the lock table. */
export async function locks(h: Harness): Promise<Record<string, unknown>[]> {
  const dynamodb = new DynamoDBClient({ ...h.sb.clientConfig(), maxAttempts: 1 });
  const out = await dynamodb.send(new ScanCommand({ TableName: h.workflow.lockTableName }));
  dynamodb.destroy();
  return out.Items ?? [];
}

export function findingStatus(h: Harness, modelName: string): unknown {
  const stored = h.sb.securityHub.finding(findingId(modelName));
  const workflow = stored?.Workflow;
  return typeof workflow === 'object' && workflow !== null && 'Status' in workflow
    ? workflow.Status
    : undefined;
}

export function lastNote(h: Harness, modelName: string): string {
  return h.sb.securityHub.notes(findingId(modelName)).at(-1) ?? '';
}
