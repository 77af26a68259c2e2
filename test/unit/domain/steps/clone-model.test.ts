import { describe, expect, it } from 'vitest';
import {
  InvalidInputError,
  ModelNotFoundError,
  PlanOutdatedError,
  ResourceConflictError,
} from '../../../../src/domain/errors.ts';
import { makePlan } from '../../../../src/domain/plan/make-plan.ts';
import type { Plan } from '../../../../src/domain/plan/schema.ts';
import { CloneModelInput, cloneModel } from '../../../../src/domain/steps/clone-model.ts';
import type { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { model, request, singleEndpoint } from '../fakes/scenario.ts';

async function planFor(sagemaker: FakeSageMaker, name = 'Churn-Model'): Promise<Plan> {
  return makePlan(request(name), { sagemaker }, { runId: 'run-1' });
}

function inputOf(plan: Plan): CloneModelInput {
  const clone = plan.clones[0];
  if (clone === undefined) throw new Error('the plan has no clone');
  return CloneModelInput.parse({ clone, lineage: plan.lineage });
}

describe('cloneModel', () => {
  it('creates a clone equal to the original in every field but name, isolation and tags', async () => {
    // Prepare
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    // Act
    const output = await cloneModel(input, { sagemaker });
    // Assess
    expect(output).toEqual({
      sourceModelName: 'Churn-Model',
      cloneModelName: input.clone.cloneModelName,
      cloneModelArn: `arn:aws:sagemaker:us-east-1:111122223333:model/${input.clone.cloneModelName.toLowerCase()}`,
      action: 'created',
    });
    const original = await sagemaker.describeModel('Churn-Model');
    const clone = await sagemaker.describeModel(input.clone.cloneModelName);
    expect({ ...clone, ModelName: 'x', ModelArn: 'x', EnableNetworkIsolation: false }).toEqual({
      ...original,
      ModelName: 'x',
      ModelArn: 'x',
    });
    expect(clone?.EnableNetworkIsolation).toBe(true);
    expect(sagemaker.tagsOf('model', input.clone.cloneModelName)).toContainEqual({
      Key: 'sm5:source-model',
      Value: 'Churn-Model',
    });
  });

  it('has the same effect when called twice: the second call finds the identical clone', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    await cloneModel(input, { sagemaker });
    const again = await cloneModel(input, { sagemaker });
    expect(again.action).toBe('exists');
    expect([...sagemaker.models.keys()].sort()).toEqual(
      ['churn-model', input.clone.cloneModelName.toLowerCase()].sort(),
    );
  });

  it('accepts a clone another run created with other lineage tags', async () => {
    const sagemaker = singleEndpoint();
    const plan = await planFor(sagemaker);
    await cloneModel(inputOf(plan), { sagemaker });
    const other = { ...inputOf(plan), lineage: { findingId: 'another-finding', runId: 'run-2' } };
    expect((await cloneModel(other, { sagemaker })).action).toBe('exists');
  });

  it('fails loudly when a different model holds the clone name', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    sagemaker.seedModel({
      ...model(input.clone.cloneModelName, { isolated: true }),
      ExecutionRoleArn: 'arn:other',
    });
    await expect(cloneModel(input, { sagemaker })).rejects.toThrow(ResourceConflictError);
    await expect(cloneModel(input, { sagemaker })).rejects.toThrow(/ExecutionRoleArn/);
  });

  it('accepts a vanished source when its isolated clone exists: an earlier attempt finished', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    await cloneModel(input, { sagemaker });
    sagemaker.models.delete('churn-model');
    expect((await cloneModel(input, { sagemaker })).action).toBe('exists');
  });

  it('fails when the source is gone and there is no clone', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    sagemaker.models.delete('churn-model');
    await expect(cloneModel(input, { sagemaker })).rejects.toThrow(ModelNotFoundError);
  });

  it('refuses a clone name that is not derived from the source', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    const tampered = { ...input, clone: { ...input.clone, cloneModelName: 'someone-elses-model' } };
    await expect(cloneModel(tampered, { sagemaker })).rejects.toThrow(InvalidInputError);
    expect(sagemaker.count('createModel')).toBe(0);
  });

  it('refuses to clone a source that is isolated by now', async () => {
    const sagemaker = singleEndpoint();
    const input = inputOf(await planFor(sagemaker));
    sagemaker.seedModel(model('Churn-Model', { isolated: true }));
    await expect(cloneModel(input, { sagemaker })).rejects.toThrow(PlanOutdatedError);
  });

  it('rejects input with unknown keys: step inputs are strict', () => {
    expect(CloneModelInput.safeParse({ clone: {}, lineage: {}, extra: 1 }).success).toBe(false);
  });
});
