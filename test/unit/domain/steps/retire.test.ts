import { describe, expect, it } from 'vitest';
import { TAG_SUPERSEDED_BY } from '../../../../src/domain/builders/lineage-tags.ts';
import { ModelNotFoundError, PlanOutdatedError } from '../../../../src/domain/errors.ts';
import { cloneModelName } from '../../../../src/domain/naming.ts';
import { RetireInput, retire } from '../../../../src/domain/steps/retire.ts';
import { arnOf, FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { config, model, singleEndpoint, variant } from '../fakes/scenario.ts';
import { planFor, switchEverything } from './helpers.ts';

async function switched(sagemaker = singleEndpoint(), modelName = 'Churn-Model') {
  const plan = await planFor(sagemaker, modelName);
  const endpoints = await switchEverything(plan, sagemaker);
  return { sagemaker, plan, endpoints };
}

describe('retire', () => {
  it('deletes the old config and the original model, each tagged as superseded first', async () => {
    // Prepare: the endpoint is InService on its new config; deleting needs the superseded tag (as IAM does)
    const { sagemaker, plan, endpoints } = await switched();
    const newConfig = endpoints[0]?.newConfigName;
    // Act
    const output = await retire(RetireInput.parse({ mode: 'delete', plan, endpoints }), { sagemaker });
    // Assess
    expect(output.resources.map((r) => [r.type, r.name, r.action])).toEqual([
      ['endpoint-config', 'churn-config', 'deleted'],
      ['model', 'Churn-Model', 'deleted'],
    ]);
    expect(sagemaker.argsOf('addTags')).toEqual([
      { arn: arnOf('endpoint-config', 'churn-config'), tags: [{ Key: TAG_SUPERSEDED_BY, Value: newConfig }] },
      {
        arn: arnOf('model', 'Churn-Model'),
        tags: [{ Key: TAG_SUPERSEDED_BY, Value: cloneModelName('Churn-Model') }],
      },
    ]);
    expect(sagemaker.models.has('churn-model')).toBe(false);
    expect(sagemaker.configs.has('churn-config')).toBe(false);
  });

  it('has the same effect when called twice: the second call finds them gone', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    const again = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(again.resources.map((r) => r.action)).toEqual(['already-gone', 'already-gone']);
  });

  it('treats an original deleted by a concurrent run between describe and tag as already gone', async () => {
    // Prepare: another run that shares the config deletes the model right after this run described it
    const { sagemaker, plan, endpoints } = await switched();
    sagemaker.failNext('listTags', new ModelNotFoundError('Could not find model "churn-model".'));
    sagemaker.failNext('listTags', new ModelNotFoundError('Could not find model "churn-model".'));
    // Act
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    // Assess: both look gone and nothing fails; nothing was deleted by this run
    expect(output.resources.map((r) => r.action)).toEqual(['already-gone', 'already-gone']);
    expect(sagemaker.count('deleteModel') + sagemaker.count('deleteEndpointConfig')).toBe(0);
  });

  it('in retain mode only tags what was replaced', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    const output = await retire({ mode: 'retain', plan, endpoints }, { sagemaker });
    expect(output.resources.map((r) => r.action)).toEqual(['retained', 'retained']);
    expect(sagemaker.count('deleteModel') + sagemaker.count('deleteEndpointConfig')).toBe(0);
    expect(sagemaker.tagsOf('model', 'Churn-Model')).toContainEqual({
      Key: TAG_SUPERSEDED_BY,
      Value: cloneModelName('Churn-Model'),
    });
  });

  it('refuses to retire anything before every switched endpoint is InService on its new config', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    sagemaker.seedEndpoint('churn', 'churn-config');
    await expect(retire({ mode: 'delete', plan, endpoints }, { sagemaker })).rejects.toThrow(
      PlanOutdatedError,
    );
    expect(sagemaker.count('deleteModel') + sagemaker.count('deleteEndpointConfig')).toBe(0);
  });

  it('never deletes a config or model an endpoint still uses', async () => {
    // Prepare: two endpoints share the config; only the first was switched
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('shared', [variant('v', 'm')]))
      .seedEndpoint('a', 'shared')
      .seedEndpoint('b', 'shared');
    const { plan, endpoints } = await switched(sagemaker, 'm');
    sagemaker.seedEndpoint('b', 'shared');
    // Act
    const output = await retire({ mode: 'delete', plan, endpoints: endpoints.slice(0, 1) }, { sagemaker });
    // Assess
    expect(output.resources.map((r) => [r.name, r.action, r.detail])).toEqual([
      ['shared', 'kept-in-use', 'still used by endpoint(s) b'],
      ['m', 'kept-in-use', 'still run by endpoint(s) b'],
    ]);
    expect(sagemaker.count('deleteModel') + sagemaker.count('deleteEndpointConfig')).toBe(0);
  });

  it('keeps a co-served model that an endpoint outside the run still runs', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('n'))
      .seedConfig(config('both', [variant('a', 'm'), variant('b', 'n')]))
      .seedConfig(config('only-n', [variant('a', 'n')]))
      .seedEndpoint('e1', 'both')
      .seedEndpoint('e2', 'only-n');
    const { plan, endpoints } = await switched(sagemaker, 'm');
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(output.resources.map((r) => [r.name, r.action])).toEqual([
      ['both', 'deleted'],
      ['m', 'deleted'],
      ['n', 'kept-in-use'],
    ]);
  });

  it('keeps the original when its isolated clone is missing', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    sagemaker.models.delete(cloneModelName('Churn-Model').toLowerCase());
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(output.resources[1]).toMatchObject({ name: 'Churn-Model', action: 'kept-no-isolated-clone' });
    expect(sagemaker.models.has('churn-model')).toBe(true);
  });

  it('keeps the original while an endpoint runs a config nobody can read', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    sagemaker.seedEndpoint('orphan', 'deleted-config');
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(output.resources[1]).toMatchObject({ name: 'Churn-Model', action: 'kept-unknown-usage' });
  });

  it('keeps a resource it cannot tag because it already has 50 tags', async () => {
    const { sagemaker, plan, endpoints } = await switched();
    const full = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    sagemaker.tags.set(arnOf('model', 'Churn-Model'), full);
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(output.resources[1]).toMatchObject({ name: 'Churn-Model', action: 'kept-tag-limit' });
    expect(sagemaker.models.has('churn-model')).toBe(true);
  });

  it('retires an undeployed original once its clone exists', async () => {
    const sagemaker = new FakeSageMaker().seedModel(model('idle'));
    const { plan, endpoints } = await switched(sagemaker, 'idle');
    const output = await retire({ mode: 'delete', plan, endpoints }, { sagemaker });
    expect(output.resources.map((r) => [r.name, r.action])).toEqual([['idle', 'deleted']]);
  });
});
