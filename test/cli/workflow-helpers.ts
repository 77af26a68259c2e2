/**
 * Set-up for the workflow commands' tests: a sandbox with the real workflow registered in-process, and
 * `node bin/sm5.js <args> --endpoint-url <sandbox>` run as a subprocess against it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';
import type { Mode } from '../../src/domain/workflow/index.ts';
import { type Sandbox, startSandbox } from '../../src/local/sandbox.ts';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import { registerWorkflow } from '../../src/local/workflow/register.ts';
import { type CliResult, cliEnv, runProcess } from '../sandbox/cli-helpers.ts';
import { configInput, modelInput } from '../sandbox/helpers.ts';

const SM5 = fileURLToPath(new URL('../../bin/sm5.js', import.meta.url));
export const MODEL = 'fraud-scorer-v3';

const running: Sandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

export function readEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8'));
}

/** The first finding of a sample event. */
export function findingOf(event: Record<string, unknown>): Record<string, unknown> {
  const detail = event.detail;
  if (
    typeof detail !== 'object' ||
    detail === null ||
    !('findings' in detail) ||
    !Array.isArray(detail.findings)
  ) {
    throw new Error('not a findings event');
  }
  return detail.findings[0];
}

/** The model of the samples behind one endpoint, and the samples' consolidated finding in Security Hub. */
export function scenario(): ScenarioInput {
  return {
    models: [modelInput(MODEL)],
    endpointConfigs: [configInput(`${MODEL}-config`, [MODEL])],
    endpoints: [{ EndpointName: 'fraud-scorer', EndpointConfigName: `${MODEL}-config` }],
    findings: [findingOf(readEvent('asff-imported-consolidated'))],
  };
}

export interface WorkflowSandbox {
  readonly sb: Sandbox;
  readonly machine: string;
}

export async function workflowSandbox(mode: Mode = 'auto'): Promise<WorkflowSandbox> {
  const sb = await bareSandbox();
  const { stateMachineArn } = await registerWorkflow(sb, { mode });
  return { sb, machine: stateMachineArn };
}

/** The same account without the workflow. */
export async function bareSandbox(): Promise<Sandbox> {
  const sb = await startSandbox({ scenario: scenario() });
  running.push(sb);
  return sb;
}

/** `node bin/sm5.js <args> --endpoint-url <sandbox>`, with the sandbox's region and keys in the environment. */
export function sm5(
  sb: Sandbox,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CliResult> {
  const { AWS_ENDPOINT_URL: _viaOption, ...sandboxEnv } = cliEnv(sb);
  return runProcess('node', [SM5, ...args, '--endpoint-url', sb.url], { ...sandboxEnv, ...env });
}

/** Writes `content` to a fresh temporary file and returns its path. */
export function tempFile(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sm5-cli-')), name);
  writeFileSync(path, content);
  return path;
}

/**
 * Starts a run for the sample finding in approval mode, in-process, as `sm5 start <event> --mode approval`
 * would, and resolves once it waits for approval.
 */
export async function runAwaitingApproval(ctx: WorkflowSandbox): Promise<string> {
  const event = readEvent('asff-imported-consolidated');
  const { executionArn } = await ctx.sb.stepFunctions.startExecution(ctx.machine, {
    input: JSON.stringify({ sm5: { mode: 'approval', event } }),
  });
  await ctx.sb.stepFunctions.waitForPendingTask(executionArn, { stateName: 'RequestApproval' });
  return executionArn;
}

export const FINDING_ID = String(findingOf(readEvent('asff-imported-consolidated')).Id);
export const SANDBOX_CALLER = 'arn:aws:iam::111122223333:user/sandbox';

export function operations(sb: Sandbox, operation: string): number {
  return sb.requestLog.filter((entry) => entry.operation === operation).length;
}
