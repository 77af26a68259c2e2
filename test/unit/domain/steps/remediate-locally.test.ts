import { describe, expect, it } from 'vitest';
import { FindingUpdateError, ThrottledError } from '../../../../src/domain/errors.ts';
import { cloneModelName } from '../../../../src/domain/naming.ts';
import type { Plan } from '../../../../src/domain/plan/schema.ts';
import { cloneModel } from '../../../../src/domain/steps/clone-model.ts';
import { createEndpointConfig } from '../../../../src/domain/steps/create-endpoint-config.ts';
import {
  type LocalRunDeps,
  type LocalRunEvent,
  remediateLocally,
} from '../../../../src/domain/steps/remediate-locally.ts';
import { switchEndpoint } from '../../../../src/domain/steps/switch-endpoint.ts';
import { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { FakeSecurityHub } from '../fakes/fake-security-hub.ts';
import { config, model, request, singleEndpoint, variant } from '../fakes/scenario.ts';
import { configInput, planFor } from './helpers.ts';

type Outcome = 'succeed' | { rollBack: string };

/** The waiter the CLI injects, here finishing each update in progress the way the test wants. */
function deps(sagemaker: FakeSageMaker, outcome: Outcome = 'succeed') {
  const securityHub = new FakeSecurityHub();
  const waited: string[] = [];
  const local: LocalRunDeps = {
    sagemaker,
    securityHub,
    waitForEndpoint: async (endpointName) => {
      waited.push(endpointName);
      if (sagemaker.endpoint(endpointName)?.pendingConfigName === undefined) return;
      if (outcome === 'succeed') sagemaker.completeUpdate(endpointName);
      else sagemaker.rollBackUpdate(endpointName, outcome.rollBack);
    },
  };
  return { local, securityHub, waited };
}

/** What is left in the account: the resources and which config each endpoint runs. */
function endState(sagemaker: FakeSageMaker) {
  return {
    models: [...sagemaker.models.values()].map((m) => m.ModelName).sort(),
    configs: [...sagemaker.configs.values()].map((c) => c.EndpointConfigName).sort(),
    endpoints: [...sagemaker.endpoints.values()].map((e) => [e.name, e.status, e.configName]),
  };
}

function sharedAndShadow(): FakeSageMaker {
  return new FakeSageMaker()
    .seedModel(model('m'))
    .seedModel(model('n'))
    .seedConfig(config('shared', [variant('a', 'm')]))
    .seedConfig(config('multi', [variant('a', 'm'), variant('b', 'n')], [variant('s', 'm')]))
    .seedEndpoint('e1', 'shared')
    .seedEndpoint('e2', 'shared')
    .seedEndpoint('e3', 'multi');
}

describe('remediateLocally', () => {
  it('plans, clones, switches, verifies, retires and records, in that order', async () => {
    // Prepare
    const sagemaker = singleEndpoint();
    const { local, securityHub } = deps(sagemaker);
    const events: LocalRunEvent['type'][] = [];
    // Act
    const result = await remediateLocally(request('Churn-Model'), local, {
      runId: 'run-1',
      onProgress: (event) => events.push(event.type),
    });
    // Assess
    const clone = cloneModelName('Churn-Model');
    expect(result.status).toBe('succeeded');
    expect(result.error).toBeNull();
    expect(events).toEqual([
      'planned',
      'recorded',
      'cloned',
      'endpoint-config',
      'switched',
      'verified',
      'retired',
      'recorded',
    ]);
    expect(endState(sagemaker)).toEqual({
      models: [clone],
      configs: [result.plan.endpoints[0]?.newConfigName],
      endpoints: [['churn', 'InService', result.plan.endpoints[0]?.newConfigName]],
    });
    expect(securityHub.updates.map((u) => u.update.status)).toEqual(['NOTIFIED', 'RESOLVED']);
    expect(securityHub.last()?.note).toContain(clone);
  });

  it('switches shared and multi-variant configs once per endpoint and leaves only isolated models serving', async () => {
    const sagemaker = sharedAndShadow();
    const { local } = deps(sagemaker);
    const result = await remediateLocally(request('m'), local, { runId: 'run-1' });
    expect(result.status).toBe('succeeded');
    expect(sagemaker.updates.map((u) => u.EndpointName)).toEqual(['e1', 'e2', 'e3']);
    expect(endState(sagemaker).models).toEqual([cloneModelName('m'), cloneModelName('n')]);
    for (const c of sagemaker.configs.values()) {
      for (const v of [...(c.ProductionVariants ?? []), ...(c.ShadowProductionVariants ?? [])]) {
        expect(sagemaker.models.get(v.ModelName?.toLowerCase() ?? '')?.EnableNetworkIsolation).toBe(true);
      }
    }
  });

  it('stops at a rollback, reports its reason on the finding, and leaves the original untouched', async () => {
    // Prepare: a risky model whose isolated update fails its health check and rolls back
    const sagemaker = new FakeSageMaker()
      .seedModel(model('llm', { environment: { HF_MODEL_ID: 'meta-llama/Llama-3-8B' } }))
      .seedConfig(config('llm-config', [variant('v', 'llm')]))
      .seedEndpoint('llm-ep', 'llm-config');
    const { local, securityHub } = deps(sagemaker, { rollBack: 'health check failed' });
    // Act
    const result = await remediateLocally(request('llm'), local, { runId: 'run-1' });
    // Assess
    expect(result.plan.needsApproval).toBe(true);
    expect(result.status).toBe('failed');
    expect(result.error?.name).toBe('UpdateRolledBackError');
    expect(result.endpoints).toMatchObject([{ verified: false, switch: { action: 'updated' } }]);
    expect(result.retire).toBeNull();
    expect(sagemaker.endpoint('llm-ep')).toMatchObject({ status: 'InService', configName: 'llm-config' });
    expect(sagemaker.models.get('llm')?.EnableNetworkIsolation).toBe(false);
    expect(sagemaker.count('deleteModel') + sagemaker.count('deleteEndpointConfig')).toBe(0);
    expect(securityHub.last()).toMatchObject({
      status: 'NOTIFIED',
      note: expect.stringMatching(/UpdateRolledBackError: .*rolled back \(health check failed\)/),
    });
  });

  it('asks before changing anything, and changes nothing when declined', async () => {
    const sagemaker = singleEndpoint();
    const { local, securityHub } = deps(sagemaker);
    const asked: Plan[] = [];
    const result = await remediateLocally(request('Churn-Model'), local, {
      runId: 'run-1',
      approve: async (plan) => {
        asked.push(plan);
        return false;
      },
    });
    expect(result.status).toBe('declined');
    expect(asked).toHaveLength(1);
    expect(sagemaker.count('createModel') + sagemaker.count('updateEndpoint')).toBe(0);
    expect(securityHub.updates).toEqual([]);
  });

  it('records a blocked plan and changes nothing', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('sc', [variant('v', 'm', { serverless: true })]))
      .seedEndpoint('sl', 'sc');
    const { local, securityHub } = deps(sagemaker);
    const before = endState(sagemaker);
    const result = await remediateLocally(request('m'), local, { runId: 'run-1' });
    expect(result.status).toBe('blocked');
    expect(endState(sagemaker)).toEqual(before);
    expect(securityHub.last()?.status).toBe('NOTIFIED');
  });

  it('is a noop the second time: a run after a successful run creates nothing', async () => {
    const sagemaker = singleEndpoint();
    const { local } = deps(sagemaker);
    await remediateLocally(request('Churn-Model'), local, { runId: 'run-1' });
    const after = endState(sagemaker);
    const second = await remediateLocally(request('Churn-Model'), local, { runId: 'run-2' });
    expect(second.status).toBe('noop');
    expect(endState(sagemaker)).toEqual(after);
  });

  it('keeps the original, tagged, in retain mode; a rerun is then a noop', async () => {
    const sagemaker = singleEndpoint();
    const { local, securityHub } = deps(sagemaker);
    const result = await remediateLocally(request('Churn-Model'), local, {
      runId: 'run-1',
      retireMode: 'retain',
    });
    expect(result.retire?.resources.map((r) => r.action)).toEqual(['retained', 'retained']);
    expect(securityHub.last()?.status).toBe('NOTIFIED');
    const after = endState(sagemaker);
    const rerun = await remediateLocally(request('Churn-Model'), local, {
      runId: 'run-2',
      retireMode: 'retain',
    });
    expect(rerun.status).toBe('noop');
    expect(endState(sagemaker)).toEqual(after);
  });

  it('completes in delete mode what an earlier retain-mode run kept', async () => {
    const sagemaker = singleEndpoint();
    const { local } = deps(sagemaker);
    await remediateLocally(request('Churn-Model'), local, { runId: 'run-1', retireMode: 'retain' });
    const rerun = await remediateLocally(request('Churn-Model'), local, { runId: 'run-2' });
    expect(rerun.status).toBe('succeeded');
    expect(rerun.retire?.resources.map((r) => [r.name, r.action])).toEqual([
      ['churn-config', 'deleted'],
      ['Churn-Model', 'deleted'],
    ]);
  });

  it('carries on when the finding cannot be updated, and says so', async () => {
    const sagemaker = singleEndpoint();
    const { local, securityHub } = deps(sagemaker);
    securityHub.failNext(new FindingUpdateError('unprocessed: AccessDenied'));
    const result = await remediateLocally(request('Churn-Model'), local, { runId: 'run-1' });
    expect(result.status).toBe('succeeded');
    expect(securityHub.updates.map((u) => u.update.status)).toEqual(['RESOLVED']);
  });

  it('notes a failed plan on the finding, changes nothing, and throws the error for the caller', async () => {
    // Prepare: the endpoint cannot be read (throttled past the SDK's retries)
    const sagemaker = singleEndpoint();
    sagemaker.failNext('describeEndpoint', new ThrottledError('Rate exceeded'));
    const before = endState(sagemaker);
    const { local, securityHub } = deps(sagemaker);

    // Act
    const run = remediateLocally(request('Churn-Model'), local, { runId: 'run-1' });

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'ThrottledError' });
    expect(endState(sagemaker)).toEqual(before);
    expect(securityHub.updates).toHaveLength(1);
    expect(securityHub.updates[0]?.update.note).toMatch(
      /^sm5 run run-1: failed for model churn-model: ThrottledError/,
    );
    expect(securityHub.updates[0]?.update.note).toContain('Rate exceeded');
  });

  it('waits for a busy endpoint and tries again', async () => {
    const sagemaker = singleEndpoint();
    sagemaker.setStatus('churn', 'SystemUpdating');
    const { local, waited } = deps(sagemaker);
    const settle = local.waitForEndpoint;
    local.waitForEndpoint = async (name, hint) => {
      if (sagemaker.endpoint(name)?.status === 'SystemUpdating') sagemaker.setStatus(name, 'InService');
      await settle(name, hint);
    };
    const result = await remediateLocally(request('Churn-Model'), local, { runId: 'run-1' });
    expect(result.status).toBe('succeeded');
    expect(waited.length).toBeGreaterThanOrEqual(2);
  });
});

describe('remediateLocally after a crash', () => {
  async function uninterrupted(): Promise<ReturnType<typeof endState>> {
    const sagemaker = sharedAndShadow();
    await remediateLocally(request('m'), deps(sagemaker).local, { runId: 'run-1' });
    return endState(sagemaker);
  }

  it.each([
    ['after cloning', 1],
    ['after creating the first config', 2],
    ['during the first update', 3],
    ['after the first endpoint was switched', 4],
    ['after every endpoint was switched, before retiring', 5],
  ])('%s ends as an uninterrupted run would, with no duplicate', async (_, stepsDone) => {
    // Prepare: the first run did `stepsDone` steps, then stopped
    const sagemaker = sharedAndShadow();
    const plan = await planFor(sagemaker, 'm');
    await crashedRun(sagemaker, plan, stepsDone);
    // Act: a new run from scratch, as a rerun of the workflow would be
    const result = await remediateLocally(request('m'), deps(sagemaker).local, { runId: 'run-2' });
    // Assess
    expect(result.status).toBe('succeeded');
    expect(endState(sagemaker)).toEqual(await uninterrupted());
    expect(sagemaker.updates.map((u) => u.EndpointName).sort()).toEqual(['e1', 'e2', 'e3']);
  });
});

/** Runs the steps one by one and stops after `steps` of them, as a crashed execution would. */
async function crashedRun(sagemaker: FakeSageMaker, plan: Plan, steps: number): Promise<void> {
  let done = 0;
  const step = async (action: () => Promise<unknown>) => {
    if (done >= steps) return;
    await action();
    done++;
  };
  await step(async () => {
    for (const clone of plan.clones) await cloneModel({ clone, lineage: plan.lineage }, { sagemaker });
  });
  const first = await (async () => {
    const e1 = configInput(plan, 'e1');
    let output: Awaited<ReturnType<typeof createEndpointConfig>> | undefined;
    await step(async () => {
      output = await createEndpointConfig(e1, { sagemaker });
    });
    return output;
  })();
  if (first?.previousConfigName && first.newConfigName) {
    const names = {
      endpointName: 'e1',
      previousConfigName: first.previousConfigName,
      newConfigName: first.newConfigName,
    };
    await step(() => switchEndpoint(names, { sagemaker }));
    await step(async () => sagemaker.completeUpdate('e1'));
  }
  await step(async () => {
    for (const name of ['e2', 'e3']) {
      const output = await createEndpointConfig(configInput(plan, name), { sagemaker });
      if (output.previousConfigName && output.newConfigName) {
        await switchEndpoint(
          {
            endpointName: name,
            previousConfigName: output.previousConfigName,
            newConfigName: output.newConfigName,
          },
          { sagemaker },
        );
        sagemaker.completeUpdate(name);
      }
    }
  });
}
