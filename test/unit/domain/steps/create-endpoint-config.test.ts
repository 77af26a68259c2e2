import { describe, expect, it } from 'vitest';
import {
  EndpointBusyError,
  EndpointFailedError,
  PlanOutdatedError,
  ResourceConflictError,
} from '../../../../src/domain/errors.ts';
import { cloneModelName, isolatedEndpointConfigName } from '../../../../src/domain/naming.ts';
import {
  CreateEndpointConfigOutput,
  createEndpointConfig,
} from '../../../../src/domain/steps/create-endpoint-config.ts';
import { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { config, model, singleEndpoint, variant } from '../fakes/scenario.ts';
import { cloneAll, configInput, planFor } from './helpers.ts';

async function prepared() {
  const sagemaker = singleEndpoint();
  const plan = await planFor(sagemaker, 'Churn-Model');
  await cloneAll(plan, sagemaker);
  return { sagemaker, plan, input: configInput(plan, 'churn') };
}

describe('createEndpointConfig', () => {
  it('creates the new config from the current one, with the clone swapped in', async () => {
    // Prepare
    const { sagemaker, plan, input } = await prepared();
    // Act
    const output = await createEndpointConfig(input, { sagemaker });
    // Assess
    const newConfig = plan.endpoints[0]?.newConfigName ?? '';
    expect(CreateEndpointConfigOutput.parse(output)).toMatchObject({
      endpointName: 'churn',
      action: 'created',
      needsSwitch: true,
      needsCheck: true,
      previousConfigName: 'churn-config',
      newConfigName: newConfig,
    });
    const created = await sagemaker.describeEndpointConfig(newConfig);
    expect(created?.ProductionVariants?.[0]?.ModelName).toBe(cloneModelName('Churn-Model'));
    expect(created?.KmsKeyId).toBe((await sagemaker.describeEndpointConfig('churn-config'))?.KmsKeyId);
    expect(sagemaker.tagsOf('endpoint-config', newConfig)).toEqual([
      { Key: 'cost', Value: 'ml' },
      { Key: 'sm5:source-config', Value: 'churn-config' },
      { Key: 'sm5:run', Value: 'run-1' },
      { Key: 'sm5:finding', Value: plan.lineage.findingId },
    ]);
  });

  it('has the same effect when called twice', async () => {
    const { sagemaker, input } = await prepared();
    const first = await createEndpointConfig(input, { sagemaker });
    const second = await createEndpointConfig(input, { sagemaker });
    expect(second).toEqual({ ...first, action: 'exists' });
    expect(sagemaker.configs.size).toBe(2);
  });

  it("reads the endpoint's config at this moment, not the plan's copy", async () => {
    // Prepare: after planning, someone moved the endpoint to a config with bigger instances
    const { sagemaker, input } = await prepared();
    sagemaker.seedConfig({
      ...config('churn-config-v2', [variant('AllTraffic', 'Churn-Model')]),
      KmsKeyId: 'alias/v2',
    });
    sagemaker.seedEndpoint('churn', 'churn-config-v2');
    // Act
    const output = await createEndpointConfig(input, { sagemaker });
    // Assess: built from v2 and named after it, so switching keeps their change
    const swaps = [{ from: 'Churn-Model', to: cloneModelName('Churn-Model') }];
    expect(output.previousConfigName).toBe('churn-config-v2');
    expect(output.newConfigName).toBe(isolatedEndpointConfigName('churn-config-v2', swaps));
    expect((await sagemaker.describeEndpointConfig(output.newConfigName ?? ''))?.KmsKeyId).toBe('alias/v2');
  });

  it('reports an endpoint that already runs the new config, so a rerun does not switch it again', async () => {
    const { sagemaker, input } = await prepared();
    await createEndpointConfig(input, { sagemaker });
    sagemaker.seedEndpoint('churn', input.endpoint.newConfigName);
    const output = await createEndpointConfig(input, { sagemaker });
    expect(output).toMatchObject({
      action: 'already-switched',
      needsSwitch: false,
      needsCheck: true,
      previousConfigName: 'churn-config',
      newConfigName: input.endpoint.newConfigName,
    });
  });

  it('reports an endpoint whose update to the new config is in progress as already switched', async () => {
    const { sagemaker, input } = await prepared();
    await createEndpointConfig(input, { sagemaker });
    await sagemaker.updateEndpoint({
      EndpointName: 'churn',
      EndpointConfigName: input.endpoint.newConfigName,
    });
    expect((await createEndpointConfig(input, { sagemaker })).action).toBe('already-switched');
  });

  it('reports an endpoint whose current config no longer runs the model', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.seedModel(model('other', { isolated: true }));
    sagemaker.seedConfig(config('other-config', [variant('AllTraffic', 'other')]));
    sagemaker.seedEndpoint('churn', 'other-config');
    const output = await createEndpointConfig(input, { sagemaker });
    expect(output).toMatchObject({ action: 'not-serving-model', needsSwitch: false, needsCheck: false });
    expect(sagemaker.count('createEndpointConfig')).toBe(0);
  });

  it('reports an endpoint deleted since the plan', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.endpoints.delete('churn');
    expect((await createEndpointConfig(input, { sagemaker })).action).toBe('endpoint-gone');
  });

  it('waits (EndpointBusyError, transient) while the endpoint is moving to some other config', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.setStatus('churn', 'Updating');
    await expect(createEndpointConfig(input, { sagemaker })).rejects.toThrow(EndpointBusyError);
  });

  it('refuses an endpoint that failed since the plan', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.setStatus('churn', 'Failed', 'out of capacity');
    await expect(createEndpointConfig(input, { sagemaker })).rejects.toThrow(EndpointFailedError);
  });

  it('refuses a config that now runs the model on a serverless variant', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.seedConfig(config('sl', [variant('AllTraffic', 'Churn-Model', { serverless: true })]));
    sagemaker.seedEndpoint('churn', 'sl');
    await expect(createEndpointConfig(input, { sagemaker })).rejects.toThrow(PlanOutdatedError);
  });

  it('fails loudly when a different config holds the new name', async () => {
    const { sagemaker, input } = await prepared();
    sagemaker.seedConfig(config(input.endpoint.newConfigName, [variant('AllTraffic', 'Churn-Model')]));
    await expect(createEndpointConfig(input, { sagemaker })).rejects.toThrow(ResourceConflictError);
  });

  it('swaps only the planned models that the current config still runs', async () => {
    // Prepare: planned with two models; since then the second model left the config
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('n'))
      .seedConfig(config('c', [variant('a', 'm'), variant('b', 'n')]))
      .seedEndpoint('e', 'c');
    const plan = await planFor(sagemaker, 'm');
    await cloneAll(plan, sagemaker);
    sagemaker.seedConfig(config('c2', [variant('a', 'm')]));
    sagemaker.seedEndpoint('e', 'c2');
    // Act
    const output = await createEndpointConfig(configInput(plan, 'e'), { sagemaker });
    // Assess
    expect(output.swappedModels).toEqual([{ from: 'm', to: cloneModelName('m') }]);
  });
});
