import { beforeAll, describe, expect, it } from 'vitest';
import { Plan } from '../../src/domain/plan/index.ts';
import type { Sandbox } from '../../src/local/sandbox.ts';
import {
  ACCOUNTS_SCENARIO,
  callsSince,
  cliSandbox,
  parseJson,
  runCli,
  sandboxArgs,
  spawnCli,
  WRITE_OPERATIONS,
} from './helpers.ts';

let sb: Sandbox;

beforeAll(async () => {
  sb = await cliSandbox(ACCOUNTS_SCENARIO);
});

async function planJson(model: string): Promise<Plan> {
  const result = await runCli([...sandboxArgs(sb), '--json', 'plan', model]);
  expect(result.code).toBe(0);
  return Plan.parse(parseJson(result.stdout));
}

describe('sm5 plan', () => {
  it('prints the plan for one endpoint as JSON and changes nothing', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await spawnCli([...sandboxArgs(sb), '--json', 'plan', 'Solo-Model']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = parseJson(result.stdout);
    expect(json).toMatchObject({
      verdict: 'remediate',
      needsApproval: false,
      reasons: expect.arrayContaining(['Model Solo-Model runs without network isolation (SageMaker.5).']),
      cloneModelName: expect.stringMatching(/^Solo-Model-iso-[0-9a-f]{8}$/),
      endpoints: [
        {
          endpointName: 'solo-endpoint',
          currentConfigName: 'solo-config',
          newConfigName: expect.stringMatching(/^solo-config-iso-[0-9a-f]{8}$/),
        },
      ],
    });
    expect(callsSince(sb, from).filter((e) => WRITE_OPERATIONS.has(e.operation))).toEqual([]);
    expect(callsSince(sb, from).map((e) => e.operation)).toContain('GetCallerIdentity');
  });

  it('plans one new config for two endpoints that share one', async () => {
    // Act
    const plan = await planJson('shared-model');

    // Assess
    expect(plan.endpoints.map((e) => [e.endpointName, e.currentConfigName]).sort()).toEqual([
      ['shared-a', 'shared-config'],
      ['shared-b', 'shared-config'],
    ]);
    expect(plan.endpoints[0]?.newConfigName).toBe(plan.endpoints[1]?.newConfigName);
    expect(plan.resources.create.filter((r) => r.type === 'endpoint-config')).toHaveLength(1);
  });

  it('swaps the shadow variant’s non-isolated model too, and leaves the isolated one as it is', async () => {
    // Act
    const result = await runCli([...sandboxArgs(sb), 'plan', 'multi-a']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Verdict:\s+remediate$/m);
    expect(result.stdout).toMatch(
      /^multi-endpoint\s+InService\s+multi-config\s+multi-config-iso-\w+\s+multi-a, multi-b$/m,
    );
    expect(result.stdout).toMatch(/^create\s+model\s+multi-b-iso-\w+\s+copy of multi-b$/m);
    expect(result.stdout).not.toMatch(/multi-iso-iso/);
    expect(result.stdout).toContain('Nothing was changed. `sm5 remediate multi-a` applies this plan.');
  });

  it('blocks a model on a serverless endpoint, with the reason', async () => {
    // Act
    const result = await runCli([...sandboxArgs(sb), 'plan', 'sls-model']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Verdict:\s+blocked$/m);
    expect(result.stdout).toContain('serverless endpoints do not support network isolation');
    expect(result.stdout).toMatch(
      /^sls-endpoint\s+InService\s+sls-config\s+AllTraffic\s+production, serverless$/m,
    );
  });

  it('finds nothing to do for an isolated model and plans an undeployed one without endpoints', async () => {
    // Act
    const isolated = await planJson('safe-model');
    const idle = await planJson('idle-model');

    // Assess
    expect(isolated).toMatchObject({ verdict: 'noop', cloneModelName: null, endpoints: [] });
    expect(idle).toMatchObject({ verdict: 'remediate', endpoints: [] });
    expect(idle.resources.retire).toEqual([
      { type: 'model', name: 'idle-model', replacedBy: idle.cloneModelName },
    ]);
  });

  it('asks for approval when preflight finds a risky container', async () => {
    // Act
    const plan = await planJson('risky-model');

    // Assess
    expect(plan.needsApproval).toBe(true);
    expect(plan.risks).toEqual([
      expect.objectContaining({ modelName: 'risky-model', variable: 'HF_MODEL_ID' }),
    ]);
  });

  it('takes a model ARN, whose lowercased name it resolves to the real one', async () => {
    // Act
    const plan = await planJson('arn:aws:sagemaker:us-east-1:111122223333:model/solo-model');

    // Assess
    expect(plan.model?.name).toBe('Solo-Model');
    expect(plan.cloneModelName).toMatch(/^Solo-Model-iso-/);
  });
});
