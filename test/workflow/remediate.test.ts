/** The real ASL through the sandbox: runs that end in a remediation, a noop, a block or a dry run. */
import { describe, expect, it } from 'vitest';
import {
  config,
  configNames,
  describeModel,
  endpoint,
  finding,
  findingEvent,
  findingStatus,
  finish,
  harness,
  lastNote,
  locks,
  model,
  modelNames,
  outcomeOf,
  remediate,
  runToEnd,
  serverlessConfig,
  servingOf,
  start,
  statesEntered,
} from './helpers.ts';

const isolatedClone = (names: readonly string[], source: string) =>
  names.find((n) => n.startsWith(`${source}-iso-`));

describe('a remediation through the workflow', () => {
  it('isolates a model on one endpoint: clone, new config, switch, verify, retire, resolve the finding', async () => {
    // Prepare: one model served by one endpoint, and its finding
    const h = await harness({
      models: [model('fraud')],
      endpointConfigs: [config('fraud-config', ['fraud'])],
      endpoints: [endpoint('fraud-ep', 'fraud-config')],
    });

    // Act: the event the ASFF rule delivers
    const run = await runToEnd(h, findingEvent('fraud'));

    // Assess: the endpoint runs the isolated clone; the original and its config are gone; all recorded
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated', recorded: true, status: 'RESOLVED' });
    const clone = isolatedClone(await modelNames(h), 'fraud');
    expect(clone).toBeDefined();
    expect((await describeModel(h, clone ?? '')).EnableNetworkIsolation).toBe(true);
    expect(await modelNames(h)).toEqual([clone]);
    const serving = await servingOf(h, 'fraud-ep');
    expect(serving).toMatchObject({ status: 'InService', models: [clone] });
    expect(await configNames(h)).toEqual([serving.configName]);
    expect(findingStatus(h, 'fraud')).toBe('RESOLVED');
    expect(lastNote(h, 'fraud')).toContain(`new model ${clone} has network isolation on`);
    expect(await locks(h)).toEqual([]);
  });

  it('checks the endpoint with growing waits, so a ten-minute update costs few transitions', async () => {
    // Prepare: updates take ten minutes
    const h = await harness(
      {
        models: [model('slow')],
        endpointConfigs: [config('slow-config', ['slow'])],
        endpoints: [endpoint('slow-ep', 'slow-config')],
      },
      { transitionSeconds: 600 },
    );

    // Act
    const run = await runToEnd(h, remediate('slow'));

    // Assess: the first check comes after the first wait (a fresh update is Updating for minutes), the waits
    // double from 30 s and stop once the endpoint is InService
    expect(run.result.status).toBe('SUCCEEDED');
    const waits = run.history.flatMap((e, i) => {
      if (e.type !== 'WaitStateEntered') return [];
      const exited = run.history.slice(i).find((x) => x.type === 'WaitStateExited');
      return [((exited?.timestamp?.getTime() ?? 0) - (e.timestamp?.getTime() ?? 0)) / 1000];
    });
    expect(waits).toEqual([30, 60, 120, 240, 300]);
    expect(statesEntered(run.history).filter((s) => s === 'CheckEndpoint')).toHaveLength(5);
    expect(statesEntered(run.history).length).toBeLessThanOrEqual(40);
  });

  it('switches several endpoints, each to its own isolated config', async () => {
    // Prepare: three endpoints, three configs, one model
    const names = ['ep-a', 'ep-b', 'ep-c'];
    const h = await harness({
      models: [model('multi')],
      endpointConfigs: names.map((n) => config(`${n}-config`, ['multi'])),
      endpoints: names.map((n) => endpoint(n, `${n}-config`)),
    });

    // Act
    const run = await runToEnd(h, remediate('multi'));

    // Assess: each endpoint took its lock and runs the clone; every old config is gone
    expect(run.result.status).toBe('SUCCEEDED');
    const clone = isolatedClone(await modelNames(h), 'multi');
    const serving = await Promise.all(names.map((n) => servingOf(h, n)));
    expect(serving.map((s) => s.models)).toEqual([[clone], [clone], [clone]]);
    expect(new Set(serving.map((s) => s.configName)).size).toBe(3);
    expect(await configNames(h)).toEqual(serving.map((s) => s.configName).sort());
    expect(statesEntered(run.history).filter((s) => s === 'LockEndpoint')).toHaveLength(3);
    expect(await locks(h)).toEqual([]);
  });

  it('moves two endpoints that share a config to one new config, and retires the old one once', async () => {
    // Prepare: two endpoints on one config
    const h = await harness({
      models: [model('shared')],
      endpointConfigs: [config('shared-config', ['shared'])],
      endpoints: [endpoint('shared-1', 'shared-config'), endpoint('shared-2', 'shared-config')],
    });

    // Act
    const run = await runToEnd(h, remediate('shared'));

    // Assess: both run the same new config; exactly one config exists, the new one
    expect(run.result.status).toBe('SUCCEEDED');
    const [one, two] = await Promise.all([servingOf(h, 'shared-1'), servingOf(h, 'shared-2')]);
    expect(one.configName).toBe(two.configName);
    expect(await configNames(h)).toEqual([one.configName]);
    const retire = run.output.retire as { resources: { name: string; action: string }[] };
    expect(retire.resources.filter((r) => r.name === 'shared-config')).toEqual([
      expect.objectContaining({ action: 'deleted' }),
    ]);
  });

  it('clones and retires a model that no endpoint serves, switching nothing', async () => {
    // Prepare: a model with no endpoint
    const h = await harness({ models: [model('idle')] });

    // Act
    const run = await runToEnd(h, remediate('idle'));

    // Assess: only the clone remains; no endpoint step ran
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    expect(await modelNames(h)).toEqual([isolatedClone(await modelNames(h), 'idle')]);
    expect(run.output.switches).toEqual([]);
    expect(statesEntered(run.history)).not.toContain('LockEndpoint');
  });
});

describe('a run that ends at the plan', () => {
  it('changes nothing for a model that is already isolated, and resolves its finding', async () => {
    // Prepare
    const h = await harness({ models: [model('safe', { EnableNetworkIsolation: true })] });

    // Act
    const run = await runToEnd(h, findingEvent('safe'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'noop', status: 'RESOLVED' });
    expect(statesEntered(run.history)).toContain('RecordNoop');
    expect(await modelNames(h)).toEqual(['safe']);
    expect(findingStatus(h, 'safe')).toBe('RESOLVED');
    expect(await locks(h)).toEqual([]);
  });

  it('resolves the finding of a model that no longer exists', async () => {
    // Prepare: the finding, but the model was deleted since
    const h = await harness({ models: [model('bystander')], findings: [finding('gone')] });

    // Act
    const run = await runToEnd(h, findingEvent('gone'));

    // Assess: nothing created, nothing deleted, the finding resolved with the reason
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'noop', recorded: true, status: 'RESOLVED' });
    expect(await modelNames(h)).toEqual(['bystander']);
    expect(findingStatus(h, 'gone')).toBe('RESOLVED');
    expect(lastNote(h, 'gone')).toContain('nothing to do');
  });

  it('blocks a model served by a serverless variant, changing nothing and saying why on the finding', async () => {
    // Prepare
    const h = await harness({
      models: [model('lambda-like')],
      endpointConfigs: [serverlessConfig('sls-config', 'lambda-like')],
      endpoints: [endpoint('sls-ep', 'sls-config')],
    });

    // Act
    const run = await runToEnd(h, findingEvent('lambda-like'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'blocked', status: 'NOTIFIED' });
    expect(await modelNames(h)).toEqual(['lambda-like']);
    expect((await servingOf(h, 'sls-ep')).configName).toBe('sls-config');
    expect(lastNote(h, 'lambda-like')).toMatch(/serverless/i);
    expect(await locks(h)).toEqual([]);
  });

  it('in dry-run mode plans, writes what it would do on the finding, and changes nothing', async () => {
    // Prepare
    const h = await harness(
      {
        models: [model('dry')],
        endpointConfigs: [config('dry-config', ['dry'])],
        endpoints: [endpoint('dry-ep', 'dry-config')],
      },
      { mode: 'dry-run' },
    );

    // Act
    const run = await finish(h, await start(h, findingEvent('dry')));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'dry-run', status: 'NOTIFIED' });
    expect(await modelNames(h)).toEqual(['dry']);
    expect(await configNames(h)).toEqual(['dry-config']);
    expect(lastNote(h, 'dry')).toContain('dry run, nothing changed');
    expect(statesEntered(run.history)).not.toContain('CloneModels');
  });
});
