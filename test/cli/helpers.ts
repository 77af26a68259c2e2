/**
 * Running `sm5` against a sandbox the way users do: as a child process (`node bin/sm5.js`), or in-process
 * through `run(argv, io)` with its own streams (faster: no start-up), and reading the account back with the
 * SDK.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeModelCommand,
  type DescribeModelOutput,
  ListTagsCommand,
  SageMakerClient,
  type Tag,
} from '@aws-sdk/client-sagemaker';
import { GetFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { afterAll } from 'vitest';
import type { CliIo } from '../../src/cli/io.ts';
import { run } from '../../src/cli/run.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/local/sandbox.ts';

export const CLI = fileURLToPath(new URL('../../bin/sm5.js', import.meta.url));
export const ACCOUNTS_SCENARIO = fileURLToPath(
  new URL('../fixtures/scenarios/cli-accounts.json', import.meta.url),
);
export const ISOLATED_SCENARIO = fileURLToPath(
  new URL('../fixtures/scenarios/cli-isolated.json', import.meta.url),
);
export const DEMO_SCENARIO = fileURLToPath(new URL('../../src/local/scenarios/demo.json', import.meta.url));

/** Seconds an endpoint spends Updating: short, on the real clock, so runs wait for real but briefly. */
export const TRANSITION_SECONDS = 0.3;
/** `--poll-seconds` for remediate runs against that sandbox. */
export const POLL = ['--poll-seconds', '0.1'];

// No AWS configuration of the machine may leak into a run: an empty HOME, the sandbox's dummy keys.
const home = mkdtempSync(join(tmpdir(), 'sm5-cli-test-'));
const isolatedEnv = {
  HOME: home,
  AWS_CONFIG_FILE: join(home, 'config'),
  AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_ACCESS_KEY_ID: 'AKIASANDBOXEXAMPLE00',
  AWS_SECRET_ACCESS_KEY: 'sandbox-secret',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};
// In-process runs read the test process's environment, as the SDK does.
for (const [key, value] of Object.entries(isolatedEnv)) process.env[key] = value;
delete process.env.AWS_PROFILE;

const running: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A sandbox on the real clock, stopped after the file's tests. */
export async function cliSandbox(scenario: string, options: Omit<SandboxOptions, 'scenario'> = {}) {
  const sb = await startSandbox({
    scenario,
    clock: 'real',
    transitionSeconds: TRANSITION_SECONDS,
    ...options,
  });
  running.push(sb);
  return sb;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function sandboxArgs(sb: Sandbox): string[] {
  return ['--region', sb.region, '--endpoint-url', sb.url];
}

/** `node bin/sm5.js <args>` with only the given environment (plus PATH and the isolated AWS settings). */
export function spawnCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...isolatedEnv, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export interface InProcessOptions {
  /** What stdin holds; a terminal when `tty` is set. */
  input?: string;
  tty?: boolean;
  /** Whether stderr is a terminal (progress display). */
  stderrTty?: boolean;
}

/** `sm5 <args>` in this process, with its own streams. */
export async function runCli(args: readonly string[], options: InProcessOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(Readable.from([options.input ?? '']), { isTTY: options.tty === true });
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        stdout += text;
        return true;
      },
      isTTY: false,
    },
    stderr: {
      write: (text: string) => {
        stderr += text;
        return true;
      },
      isTTY: options.stderrTty === true,
    },
    stdin,
    exitCode: 0,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

// ---- reading the account back through the SDK ----

export function clients(sb: Sandbox) {
  return {
    sagemaker: new SageMakerClient(sb.clientConfig()),
    securityHub: new SecurityHubClient(sb.clientConfig()),
  };
}

export async function describeModel(sb: Sandbox, name: string): Promise<DescribeModelOutput | undefined> {
  try {
    const { $metadata, ...model } = await clients(sb).sagemaker.send(
      new DescribeModelCommand({ ModelName: name }),
    );
    return model;
  } catch (e) {
    if (e instanceof Error && /Could not find model/.test(e.message)) return undefined;
    throw e;
  }
}

export async function tagsOf(sb: Sandbox, arn: string): Promise<Tag[]> {
  return (await clients(sb).sagemaker.send(new ListTagsCommand({ ResourceArn: arn }))).Tags ?? [];
}

/** The endpoint's config and, for every variant (shadows too), its model. */
export async function endpointModels(sb: Sandbox, endpointName: string) {
  const { sagemaker } = clients(sb);
  const endpoint = await sagemaker.send(new DescribeEndpointCommand({ EndpointName: endpointName }));
  const config = await sagemaker.send(
    new DescribeEndpointConfigCommand({ EndpointConfigName: endpoint.EndpointConfigName }),
  );
  const variants = [...(config.ProductionVariants ?? []), ...(config.ShadowProductionVariants ?? [])];
  return {
    status: endpoint.EndpointStatus,
    configName: endpoint.EndpointConfigName ?? '',
    models: variants.map((v) => v.ModelName ?? ''),
  };
}

export async function findingById(sb: Sandbox, id: string) {
  const { Findings } = await clients(sb).securityHub.send(
    new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } }),
  );
  return Findings?.[0];
}

/** The ids of the scenario's findings end with these uuids. */
export function findingId(uuid: string): string {
  return `arn:aws:securityhub:us-east-1:111122223333:security-control/SageMaker.5/finding/${uuid}`;
}

/** The calls the sandbox answered since `from` (an index into its request log). */
export function callsSince(sb: Sandbox, from: number) {
  return sb.requestLog.slice(from);
}

export const WRITE_OPERATIONS = new Set([
  'CreateModel',
  'CreateEndpointConfig',
  'CreateEndpoint',
  'UpdateEndpoint',
  'DeleteModel',
  'DeleteEndpointConfig',
  'DeleteEndpoint',
  'AddTags',
  'DeleteTags',
]);
