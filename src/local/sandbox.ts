/**
 * `startSandbox()`: an emulated AWS account on 127.0.0.1 that the AWS SDK v3 and the AWS CLI v2 talk to
 * over HTTP. Point clients at `sandbox.url` (or spread `sandbox.env()` into a child's environment).
 * This module wires the parts together: clock, faults, store, server, and the services on its port.
 */
import { type ClockMode, createClock, type SandboxClock } from './clock.ts';
import { type DynamoDbBackend, startDynamoDb } from './dynamodb/dynamodb.ts';
import { FaultController } from './faults.ts';
import { seedSageMaker } from './sagemaker/seed.ts';
import { createSageMakerService, sageMakerContext } from './sagemaker/service.ts';
import { loadScenario, parseScenario, type Scenario, type ScenarioInput } from './scenario.ts';
import { createSecurityHub, type SecurityHubEmulator } from './securityhub/service.ts';
import { type RequestLogEntry, SandboxServer } from './server.ts';
import type { SandboxService } from './service.ts';
import { StepFunctionsEngine, stepFunctionsService } from './stepfunctions/index.ts';
import { SandboxStore } from './store.ts';
import { sandboxIdentity, stsService } from './sts/sts.ts';

export type { SandboxClock } from './clock.ts';
export type { FaultController } from './faults.ts';
export type { RequestLogEntry } from './server.ts';

/** Access key and secret the sandbox hands out; it never checks signatures. */
export const SANDBOX_CREDENTIALS = {
  accessKeyId: 'AKIASANDBOXEXAMPLE00',
  secretAccessKey: 'sandbox-secret',
} as const;

export interface SandboxOptions {
  /** A scenario object or the path of a JSON scenario file; default: an empty 111122223333 / us-east-1. */
  scenario?: ScenarioInput | string;
  /** 0 (default): a free port. The host is always 127.0.0.1. */
  port?: number;
  /** Default 'virtual': time moves only through `clock.advance()` / `clock.sleep()`. */
  clock?: ClockMode;
  /** How long Creating and Updating last, in clock seconds; default 60 (virtual) or 2 (real). */
  transitionSeconds?: number;
  /** Virtual clock start (epoch ms); default the current second. */
  startTime?: number;
  /** Extra services, built once the sandbox knows its URL (the workflow runner calls back into it). */
  services?: readonly SandboxServiceFactory[];
}

/** What a service factory (and a service) may use of the sandbox. */
export interface SandboxContext {
  readonly url: string;
  readonly store: SandboxStore;
  readonly clock: SandboxClock;
  readonly faults: FaultController;
  readonly account: string;
  readonly region: string;
}

export type SandboxServiceFactory = (sandbox: SandboxContext) => SandboxService;

export interface SandboxClientConfig {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface Sandbox extends SandboxContext {
  readonly port: number;
  readonly scenario: Scenario;
  /** Every call answered, in order, including throttled and rejected ones. */
  readonly requestLog: readonly RequestLogEntry[];
  /** AWS_ENDPOINT_URL, AWS_REGION, AWS_DEFAULT_REGION and dummy credentials, for child processes. */
  env(): Record<string, string>;
  /** For `new SageMakerClient(sandbox.clientConfig())`. */
  clientConfig(): SandboxClientConfig;
  registerService(service: SandboxService): void;
  /** Local Step Functions: register state machines and Lambda handlers, await executions, read the outbox. */
  readonly stepFunctions: StepFunctionsEngine;
  /** Security Hub: its findings, the history of updates per finding, the events the updates emitted. */
  readonly securityHub: SecurityHubEmulator;
  /** Local DynamoDB (dynalite) behind the same port; `ensureTable` for set-up. */
  readonly dynamodb: Pick<DynamoDbBackend, 'ensureTable'>;
  stop(): Promise<void>;
}

async function resolveScenario(scenario: ScenarioInput | string | undefined): Promise<Scenario> {
  if (typeof scenario === 'string') return loadScenario(scenario);
  return parseScenario(scenario ?? {});
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const scenario = await resolveScenario(options.scenario);
  const mode = options.clock ?? 'virtual';
  const clock = createClock(mode, options.startTime);
  const faults = new FaultController(() => clock.now());
  const transitionSeconds = options.transitionSeconds ?? (mode === 'virtual' ? 60 : 2);
  const store = new SandboxStore(scenario, clock, faults, transitionSeconds);
  const sagemaker = sageMakerContext(store, faults);
  const source = typeof options.scenario === 'string' ? options.scenario : 'scenario';
  seedSageMaker(sagemaker, scenario, source);
  const securityHub = createSecurityHub({
    account: store.account,
    region: store.region,
    now: () => clock.now(),
    findings: scenario.findings,
    source,
  });
  faults.configure(scenario.faults);

  const requestLog: RequestLogEntry[] = [];
  const server = new SandboxServer(store, faults, requestLog);
  server.register(createSageMakerService(sagemaker));
  server.register(securityHub.service);
  const dynamodb = await startDynamoDb();
  // A port already in use must not leave dynalite running and the process alive.
  const port = await server.listen(options.port ?? 0).catch(async (error: unknown) => {
    await dynamodb.stop();
    throw error;
  });
  const url = `http://127.0.0.1:${port}`;
  const clientConfig = (): SandboxClientConfig => ({
    endpoint: url,
    region: store.region,
    credentials: { ...SANDBOX_CREDENTIALS },
  });
  const stepFunctions = new StepFunctionsEngine({
    scope: { account: store.account, region: store.region },
    clock,
    awsClientConfig: clientConfig,
  });
  server.register(stepFunctionsService(stepFunctions));
  server.register(dynamodb.service);
  server.register(stsService(() => sandboxIdentity(store.account)));
  const context: SandboxContext = { url, store, clock, faults, account: store.account, region: store.region };
  for (const factory of options.services ?? []) server.register(factory(context));

  let stopped: Promise<void> | undefined;
  return {
    ...context,
    port,
    scenario,
    requestLog,
    env: () => ({
      AWS_ENDPOINT_URL: url,
      AWS_REGION: store.region,
      AWS_DEFAULT_REGION: store.region,
      AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
      // Keeps the SDKs and the CLI from probing for instance credentials or a session token.
      AWS_EC2_METADATA_DISABLED: 'true',
    }),
    clientConfig,
    registerService: (service) => server.register(service),
    stepFunctions,
    securityHub,
    dynamodb,
    stop: () => {
      stopped ??= (async () => {
        await stepFunctions.stop();
        await server.close();
        await dynamodb.stop();
      })();
      return stopped;
    },
  };
}
