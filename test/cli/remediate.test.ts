import { ListEndpointConfigsCommand, ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSageMakerClient } from '../../src/aws/clients.ts';
import { sagemakerGateway } from '../../src/aws/sagemaker.ts';
import { normalizeDirect } from '../../src/domain/findings/index.ts';
import { Plan } from '../../src/domain/plan/index.ts';
import { cloneModel, createEndpointConfig, planStep, switchEndpoint } from '../../src/domain/steps/index.ts';
import type { Sandbox } from '../../src/local/sandbox.ts';
import {
  ACCOUNTS_SCENARIO,
  callsSince,
  clients,
  cliSandbox,
  describeModel,
  endpointModels,
  findingById,
  findingId,
  POLL,
  parseJson,
  runCli,
  sandboxArgs,
  spawnCli,
  tagsOf,
  WRITE_OPERATIONS,
} from './helpers.ts';

let sb: Sandbox;

beforeAll(async () => {
  sb = await cliSandbox(ACCOUNTS_SCENARIO);
});

const FINDINGS = {
  solo: findingId('0b7e1f0a-1111-4c6d-8e9f-0a1b2c3d4e01'),
  shared: findingId('0b7e1f0a-2222-4c6d-8e9f-0a1b2c3d4e02'),
  multi: findingId('0b7e1f0a-3333-4c6d-8e9f-0a1b2c3d4e03'),
  idle: findingId('0b7e1f0a-4444-4c6d-8e9f-0a1b2c3d4e04'),
  risky: findingId('0b7e1f0a-5555-4c6d-8e9f-0a1b2c3d4e05'),
  crash: findingId('0b7e1f0a-6666-4c6d-8e9f-0a1b2c3d4e06'),
  serverless: findingId('0b7e1f0a-7777-4c6d-8e9f-0a1b2c3d4e07'),
};

interface Snapshot {
  description: Record<string, unknown>;
  tags: { Key?: string | undefined; Value?: string | undefined }[];
}

/** A model as described through the SDK, with its tags: what a clone must reproduce. */
async function snapshot(name: string): Promise<Snapshot> {
  const model = await describeModel(sb, name);
  if (model?.ModelArn === undefined) throw new Error(`model ${name} does not exist`);
  return { description: { ...model }, tags: await tagsOf(sb, model.ModelArn) };
}

const byKey = (a: { Key?: string | undefined }, b: { Key?: string | undefined }) =>
  (a.Key ?? '') < (b.Key ?? '') ? -1 : 1;

/** The clone equals the original in every field but name, isolation and lineage tags. */
async function expectFaithfulClone(original: Snapshot, cloneName: string, finding: string | null) {
  const clone = await snapshot(cloneName);
  const strip = ({
    ModelName,
    ModelArn,
    CreationTime,
    EnableNetworkIsolation,
    ...rest
  }: Record<string, unknown>) => rest;
  expect(strip(clone.description)).toEqual(strip(original.description));
  expect(clone.description.EnableNetworkIsolation).toBe(true);
  expect(clone.tags.filter((t) => !t.Key?.startsWith('sm5:')).sort(byKey)).toEqual(
    [...original.tags].sort(byKey),
  );
  const lineage = Object.fromEntries(
    clone.tags.filter((t) => t.Key?.startsWith('sm5:')).map((t) => [t.Key, t.Value]),
  );
  expect(lineage).toEqual({
    'sm5:source-model': original.description.ModelName,
    'sm5:run': expect.stringMatching(/^(sm5-cli-|crashed-run)/),
    ...(finding === null ? {} : { 'sm5:finding': finding }),
  });
}

async function expectOnlyIsolatedModels(endpointName: string, configName: string) {
  const endpoint = await endpointModels(sb, endpointName);
  expect({ status: endpoint.status, configName: endpoint.configName }).toEqual({
    status: 'InService',
    configName,
  });
  for (const model of endpoint.models) {
    expect({ model, isolated: (await describeModel(sb, model))?.EnableNetworkIsolation }).toEqual({
      model,
      isolated: true,
    });
  }
}

async function expectResolved(id: string, modelName: string) {
  const finding = await findingById(sb, id);
  expect(finding?.Workflow?.Status).toBe('RESOLVED');
  expect(finding?.Note?.Text).toContain(`isolated model ${modelName}`);
}

function writesSince(from: number) {
  return callsSince(sb, from).filter((e) => WRITE_OPERATIONS.has(e.operation));
}

interface RemediateJson {
  status: string;
  plan: unknown;
  outcome: { error: { name: string; message: string } | null };
  finding: { id: string | null; source: string | null; recorded: boolean; status: string | null };
}

function remediateJson(text: string): RemediateJson & { plan: Plan } {
  const json = parseJson(text) as RemediateJson;
  return { ...json, plan: Plan.parse(json.plan) };
}

describe('sm5 remediate', () => {
  it('isolates a model on one endpoint and records the outcome on the finding it looked up', async () => {
    // Prepare
    const original = await snapshot('Solo-Model');

    // Act
    const result = await spawnCli([
      ...sandboxArgs(sb),
      '--json',
      'remediate',
      'Solo-Model',
      '--yes',
      ...POLL,
    ]);

    // Assess
    expect(result.code).toBe(0);
    const json = remediateJson(result.stdout);
    expect(json).toMatchObject({
      status: 'succeeded',
      outcome: { error: null },
      finding: { id: FINDINGS.solo, source: 'lookup', recorded: true, status: 'RESOLVED' },
    });
    const [endpoint] = json.plan.endpoints;
    expect(endpoint?.endpointName).toBe('solo-endpoint');
    await expectOnlyIsolatedModels('solo-endpoint', endpoint?.newConfigName ?? '');
    await expectFaithfulClone(original, json.plan.cloneModelName ?? '', FINDINGS.solo);
    expect(await describeModel(sb, 'Solo-Model')).toBeUndefined();
    await expectResolved(FINDINGS.solo, 'Solo-Model');
  });

  it('switches two endpoints that share a config to one new config and reports it as a table', async () => {
    // Prepare
    const original = await snapshot('shared-model');

    // Act
    const result = await runCli([...sandboxArgs(sb), 'remediate', 'shared-model', '--yes', ...POLL]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Remediation of shared-model: succeeded');
    expect(result.stdout).toMatch(/^endpoint\s+shared-a\s+InService on shared-config-iso-\w+$/m);
    expect(result.stdout).toMatch(/^endpoint\s+shared-b\s+InService on shared-config-iso-\w+$/m);
    expect(result.stdout).toMatch(/^retire model\s+shared-model\s+deleted/m);
    expect(result.stderr).toMatch(/^sm5: endpoint shared-a: InService on shared-config-iso-\w+$/m);
    const a = await endpointModels(sb, 'shared-a');
    await expectOnlyIsolatedModels('shared-a', a.configName);
    await expectOnlyIsolatedModels('shared-b', a.configName);
    const clone = a.models[0] ?? '';
    await expectFaithfulClone(original, clone, FINDINGS.shared);
    await expectResolved(FINDINGS.shared, 'shared-model');
  });

  it('swaps a multi-variant config’s other non-isolated model, shadow included, in one update', async () => {
    // Prepare
    const originals = { a: await snapshot('multi-a'), b: await snapshot('multi-b') };
    const from = sb.requestLog.length;

    // Act
    const result = await runCli([...sandboxArgs(sb), '--json', 'remediate', 'multi-a', '--yes', ...POLL]);

    // Assess
    expect(result.code).toBe(0);
    const { plan } = remediateJson(result.stdout);
    const endpoint = await endpointModels(sb, 'multi-endpoint');
    await expectOnlyIsolatedModels('multi-endpoint', plan.endpoints[0]?.newConfigName ?? '');
    const [primary, isolated, shadow] = endpoint.models;
    expect(isolated).toBe('multi-iso');
    await expectFaithfulClone(originals.a, primary ?? '', FINDINGS.multi);
    await expectFaithfulClone(originals.b, shadow ?? '', FINDINGS.multi);
    expect(await describeModel(sb, 'multi-a')).toBeUndefined();
    expect(await describeModel(sb, 'multi-b')).toBeUndefined();
    const updates = writesSince(from).filter((e) => e.operation === 'UpdateEndpoint');
    expect(updates).toHaveLength(1);
    await expectResolved(FINDINGS.multi, 'multi-a');
  });

  it('clones an undeployed model and deletes the original', async () => {
    // Prepare
    const original = await snapshot('idle-model');

    // Act
    const result = await runCli([...sandboxArgs(sb), '--json', 'remediate', 'idle-model', '--yes', ...POLL]);

    // Assess
    expect(result.code).toBe(0);
    const json = remediateJson(result.stdout);
    expect(json.plan.endpoints).toEqual([]);
    await expectFaithfulClone(original, json.plan.cloneModelName ?? '', FINDINGS.idle);
    expect(await describeModel(sb, 'idle-model')).toBeUndefined();
    await expectResolved(FINDINGS.idle, 'idle-model');
  });

  it('has nothing to do when run again after a success, and leaves the resolved finding as it is', async () => {
    // Prepare
    const from = sb.requestLog.length;
    const before = await findingById(sb, FINDINGS.idle);

    // Act
    const result = await runCli([...sandboxArgs(sb), 'remediate', 'idle-model', '--yes']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Remediation of idle-model: nothing to do');
    expect(result.stdout).toMatch(/Its isolated clone idle-model-iso-\w+ is in its place\./);
    expect(result.stdout).toMatch(/finding .* is RESOLVED, so it is left as it is/);
    expect(writesSince(from)).toEqual([]);
    expect(callsSince(sb, from).map((e) => e.operation)).not.toContain('BatchUpdateFindings');
    expect(await findingById(sb, FINDINGS.idle)).toEqual(before);
  });

  it('keeps the original, tagged as superseded, with --retain-original', async () => {
    // Act
    const result = await runCli([
      ...sandboxArgs(sb),
      'remediate',
      'keep-model',
      '--yes',
      '--retain-original',
      ...POLL,
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^retire model\s+keep-model\s+retained/m);
    const kept = await snapshot('keep-model');
    expect(kept.tags).toContainEqual({
      Key: 'sm5:superseded-by',
      Value: expect.stringMatching(/^keep-model-iso-/),
    });
  });

  it('does nothing to a model that is already isolated', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await runCli([...sandboxArgs(sb), 'remediate', 'safe-model', '--yes']);

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Remediation of safe-model: nothing to do');
    expect(result.stdout).toContain('Model safe-model already has network isolation enabled.');
    expect(writesSince(from)).toEqual([]);
  });

  it('changes nothing for a model on a serverless endpoint, exits 1, and says why on the finding', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await runCli([...sandboxArgs(sb), 'remediate', 'sls-model', '--yes']);

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Remediation of sls-model: blocked: nothing was changed');
    expect(writesSince(from)).toEqual([]);
    expect((await endpointModels(sb, 'sls-endpoint')).configName).toBe('sls-config');
    const finding = await findingById(sb, FINDINGS.serverless);
    expect(finding?.Workflow?.Status).toBe('NOTIFIED');
    expect(finding?.Note?.Text).toContain('serverless');
  });

  it('reports a rollback of a risky container’s update and leaves the original untouched', async () => {
    // Prepare
    const original = await snapshot('risky-model');

    // Act
    const result = await runCli([...sandboxArgs(sb), '--json', 'remediate', 'risky-model', '--yes', ...POLL]);

    // Assess
    expect(result.code).toBe(1);
    const json = remediateJson(result.stdout);
    expect(json.plan.needsApproval).toBe(true);
    expect(json).toMatchObject({
      status: 'failed',
      outcome: { error: { name: 'UpdateRolledBackError' } },
      finding: { id: FINDINGS.risky, recorded: true, status: 'NOTIFIED' },
    });
    expect(await snapshot('risky-model')).toEqual(original);
    expect(await endpointModels(sb, 'risky-endpoint')).toEqual({
      status: 'InService',
      configName: 'risky-config',
      models: ['risky-model'],
    });
    const finding = await findingById(sb, FINDINGS.risky);
    expect(finding?.Note?.Text).toMatch(/failed for model risky-model: UpdateRolledBackError/);
  });

  it('finishes a run that crashed after the switch, without creating anything twice', async () => {
    // Prepare: the steps of a run that stopped between the switch and the check.
    const sagemaker = sagemakerGateway(makeSageMakerClient({ ...sb.clientConfig(), endpoint: sb.url }));
    const request = normalizeDirect(
      { modelName: 'crash-model' },
      { accountId: sb.account, region: sb.region },
    );
    const plan = await planStep({ request, runId: 'crashed-run' }, { sagemaker });
    const original = await snapshot('crash-model');
    for (const clone of plan.clones) await cloneModel({ clone, lineage: plan.lineage }, { sagemaker });
    const [endpoint] = plan.endpoints;
    if (endpoint === undefined) throw new Error('the plan has no endpoint');
    const config = await createEndpointConfig({ endpoint, lineage: plan.lineage }, { sagemaker });
    await switchEndpoint(
      {
        endpointName: endpoint.endpointName,
        previousConfigName: config.previousConfigName ?? '',
        newConfigName: config.newConfigName ?? '',
      },
      { sagemaker },
    );
    const from = sb.requestLog.length;

    // Act
    const result = await runCli([...sandboxArgs(sb), 'remediate', 'crash-model', '--yes', ...POLL]);

    // Assess
    expect(result.code).toBe(0);
    const writes = writesSince(from).map((e) => e.operation);
    expect(writes).not.toContain('UpdateEndpoint');
    const { sagemaker: sdk } = clients(sb);
    const models = (await sdk.send(new ListModelsCommand({ NameContains: 'crash', MaxResults: 100 }))).Models;
    expect(models?.map((m) => m.ModelName)).toEqual([plan.cloneModelName]);
    const configs = (
      await sdk.send(new ListEndpointConfigsCommand({ NameContains: 'crash', MaxResults: 100 }))
    ).EndpointConfigs;
    expect(configs?.map((c) => c.EndpointConfigName)).toEqual([endpoint.newConfigName]);
    await expectOnlyIsolatedModels('crash-endpoint', endpoint.newConfigName);
    await expectFaithfulClone(original, plan.cloneModelName ?? '', null);
    await expectResolved(FINDINGS.crash, 'crash-model');
  });

  it('asks on a terminal and changes nothing when the answer is no', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const declined = await runCli([...sandboxArgs(sb), 'remediate', 'ask-model'], {
      tty: true,
      input: 'n\n',
    });
    const writesWhenDeclined = writesSince(from);
    const accepted = await runCli([...sandboxArgs(sb), 'remediate', 'ask-model', ...POLL], {
      tty: true,
      input: 'yes\n',
    });

    // Assess
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(/Apply this plan to account 111122223333, us-east-1\? .*\[y\/N\] $/);
    expect(declined.stdout).toContain('Remediation of ask-model: declined: nothing was changed');
    expect(writesWhenDeclined).toEqual([]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('Remediation of ask-model: succeeded');
  });
});
