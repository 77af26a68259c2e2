import { describe, expect, it } from 'vitest';
import { TAG_SUPERSEDED_BY } from '../../../../src/domain/builders/lineage-tags.ts';
import { cloneModelName, isolatedEndpointConfigName } from '../../../../src/domain/naming.ts';
import { makePlan } from '../../../../src/domain/plan/make-plan.ts';
import { Plan } from '../../../../src/domain/plan/schema.ts';
import { REDACTED } from '../../../../src/domain/preflight.ts';
import { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { config, FINDING_ID, model, request, singleEndpoint, variant } from '../fakes/scenario.ts';

describe('makePlan: noop', () => {
  it('does nothing for a model that is already isolated, without discovering endpoints', async () => {
    // Prepare
    const sagemaker = new FakeSageMaker().seedModel(model('safe', { isolated: true }));
    // Act
    const plan = await makePlan(request('safe'), { sagemaker });
    // Assess
    expect(plan.verdict).toBe('noop');
    expect(plan.reasons).toEqual(['Model safe already has network isolation enabled.']);
    expect(plan.model).toMatchObject({ name: 'safe', isolated: true });
    expect(sagemaker.count('listEndpoints')).toBe(0);
  });

  it('does nothing for a model that no longer exists', async () => {
    const plan = await makePlan(request('gone'), { sagemaker: new FakeSageMaker() });
    expect(plan).toMatchObject({ verdict: 'noop', model: null, needsApproval: false, cloneModelName: null });
    expect(plan.reasons[0]).toMatch(/no longer exists/);
  });

  it('does nothing in retain mode for an original an earlier run replaced and kept on purpose', async () => {
    const clone = cloneModelName('old');
    const sagemaker = new FakeSageMaker()
      .seedModel(model('old', { tags: [{ Key: TAG_SUPERSEDED_BY, Value: clone }] }))
      .seedModel(model(clone, { isolated: true }));
    const plan = await makePlan(request('old'), { sagemaker }, { retireMode: 'retain' });
    expect(plan.verdict).toBe('noop');
    expect(plan.reasons[0]).toMatch(/kept, as configured/);
  });

  it('plans again, in delete mode, an original that an interrupted run tagged but did not delete', async () => {
    const clone = cloneModelName('old');
    const sagemaker = new FakeSageMaker()
      .seedModel(model('old', { tags: [{ Key: TAG_SUPERSEDED_BY, Value: clone }] }))
      .seedModel(model(clone, { isolated: true }));
    const plan = await makePlan(request('old'), { sagemaker });
    expect(plan.verdict).toBe('remediate');
    expect(plan.resources.retire).toEqual([{ type: 'model', name: 'old', replacedBy: clone }]);
  });

  it('plans again an original that was kept but is served by an endpoint again', async () => {
    const clone = cloneModelName('old');
    const sagemaker = new FakeSageMaker()
      .seedModel(model('old', { tags: [{ Key: TAG_SUPERSEDED_BY, Value: clone }] }))
      .seedModel(model(clone, { isolated: true }))
      .seedConfig(config('c', [variant('v', 'old')]))
      .seedEndpoint('e', 'c');
    expect((await makePlan(request('old'), { sagemaker }, { retireMode: 'retain' })).verdict).toBe(
      'remediate',
    );
  });
});

describe('makePlan: the real model name', () => {
  it('resolves a lowercased ARN name to the real name before deriving any name', async () => {
    // Prepare: the finding's ARN says churn-model; the model is Churn-Model, found only by exact name
    const sagemaker = singleEndpoint();
    sagemaker.exactNameLookups = true;
    // Act
    const plan = await makePlan(request('Churn-Model', { arnName: 'churn-model' }), { sagemaker });
    // Assess
    expect(plan.model?.name).toBe('Churn-Model');
    expect(plan.cloneModelName).toBe(cloneModelName('Churn-Model'));
    expect(sagemaker.count('listModels')).toBe(1);
  });

  it('needs one DescribeModel and no listing when the name is exact', async () => {
    const sagemaker = singleEndpoint();
    await makePlan(request('Churn-Model', { arnName: 'Churn-Model' }), { sagemaker });
    expect(sagemaker.count('listModels')).toBe(0);
  });
});

describe('makePlan: blocked', () => {
  it('blocks a model served by a serverless variant', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('sc', [variant('v', 'm', { serverless: true })]))
      .seedEndpoint('serverless-ep', 'sc');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.verdict).toBe('blocked');
    expect(plan.reasons.join(' ')).toMatch(
      /serverless-ep.*serverless endpoints do not support network isolation/,
    );
    expect(plan.endpoints).toEqual([]);
    expect(plan.servedBy).toMatchObject([{ endpointName: 'serverless-ep', serverless: true }]);
  });

  it('blocks a model an inference component serves', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('ic-config', [variant('v', undefined)]))
      .seedEndpoint('ic-ep', 'ic-config')
      .seedComponent({ name: 'ic-1', endpointName: 'ic-ep', variantName: 'v', modelName: 'm' });
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.verdict).toBe('blocked');
    expect(plan.reasons.join(' ')).toMatch(/inference component ic-1/);
  });

  it('blocks a model whose config mixes a model variant with inference components', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('mixed', [variant('a', 'm'), variant('b', undefined)]))
      .seedEndpoint('mixed-ep', 'mixed');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.verdict).toBe('blocked');
    expect(plan.reasons.join(' ')).toMatch(/mixed-ep .* inference-component endpoint/);
  });

  it('blocks an exempt model, naming the tag and its value', async () => {
    const sagemaker = singleEndpoint();
    sagemaker.tags.set('arn:aws:sagemaker:us-east-1:111122223333:model/churn-model', [
      { Key: 'sm5:exempt', Value: 'vendor needs internet, JIRA-12' },
    ]);
    const plan = await makePlan(request('Churn-Model'), { sagemaker });
    expect(plan.verdict).toBe('blocked');
    expect(plan.reasons).toEqual([
      'Model Churn-Model carries the exemption tag sm5:exempt ("vendor needs internet, JIRA-12"): sm5 leaves it as it is.',
    ]);
  });

  it('honours a configured exemption tag key, and ignores an exemption set to false', async () => {
    const sagemaker = singleEndpoint();
    sagemaker.tags.set('arn:aws:sagemaker:us-east-1:111122223333:model/churn-model', [
      { Key: 'security:exempt', Value: 'yes' },
      { Key: 'sm5:exempt', Value: 'false' },
    ]);
    expect(
      (await makePlan(request('Churn-Model'), { sagemaker }, { exemptTagKey: 'security:exempt' })).verdict,
    ).toBe('blocked');
    expect((await makePlan(request('Churn-Model'), { sagemaker })).verdict).toBe('remediate');
  });

  it('blocks a model served by a Failed endpoint, with its failure reason', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('c', [variant('v', 'm')]))
      .seedEndpoint('broken', 'c', 'Failed', 'capacity error');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.verdict).toBe('blocked');
    expect(plan.reasons).toEqual([
      'Endpoint broken is Failed (capacity error): it cannot be updated until someone repairs or deletes it.',
    ]);
  });
});

describe('makePlan: remediate', () => {
  it('plans one endpoint: clone, new config, switch, retire, all named deterministically', async () => {
    // Prepare
    const sagemaker = singleEndpoint();
    // Act
    const plan = await makePlan(request('Churn-Model'), { sagemaker }, { runId: 'run-7' });
    // Assess
    const clone = cloneModelName('Churn-Model');
    const newConfig = isolatedEndpointConfigName('churn-config', [{ from: 'Churn-Model', to: clone }]);
    expect(plan).toMatchObject({
      verdict: 'remediate',
      needsApproval: false,
      risks: [],
      cloneModelName: clone,
      lineage: { findingId: FINDING_ID, runId: 'run-7' },
      endpoints: [
        {
          endpointName: 'churn',
          endpointStatus: 'InService',
          currentConfigName: 'churn-config',
          newConfigName: newConfig,
          swappedModels: [{ from: 'Churn-Model', to: clone }],
          variants: [
            { variantName: 'AllTraffic', kind: 'production', modelName: 'Churn-Model', newModelName: clone },
          ],
        },
      ],
      resources: {
        create: [
          { type: 'model', name: clone, from: 'Churn-Model' },
          { type: 'endpoint-config', name: newConfig, from: 'churn-config' },
        ],
        switch: [{ endpointName: 'churn', fromConfig: 'churn-config', toConfig: newConfig }],
        retire: [
          { type: 'endpoint-config', name: 'churn-config', replacedBy: newConfig },
          { type: 'model', name: 'Churn-Model', replacedBy: clone },
        ],
      },
    });
    expect(plan.clones[0]?.createModelInput).toMatchObject({
      ModelName: clone,
      EnableNetworkIsolation: true,
      Tags: [
        { Key: 'team', Value: 'growth' },
        { Key: 'sm5:source-model', Value: 'Churn-Model' },
        { Key: 'sm5:run', Value: 'run-7' },
        { Key: 'sm5:finding', Value: FINDING_ID },
      ],
    });
  });

  it('is plain JSON that the strict schema accepts back, and changes nothing', async () => {
    const sagemaker = singleEndpoint();
    const plan = await makePlan(request('Churn-Model'), { sagemaker });
    expect(Plan.parse(JSON.parse(JSON.stringify(plan)))).toEqual(plan);
    const writes = [
      'createModel',
      'createEndpointConfig',
      'updateEndpoint',
      'deleteModel',
      'addTags',
    ] as const;
    for (const op of writes) expect(sagemaker.count(op), op).toBe(0);
  });

  it('switches two endpoints that share a config to one new config, describing the config once', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('shared', [variant('v', 'm')]))
      .seedEndpoint('a', 'shared')
      .seedEndpoint('b', 'shared');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.endpoints.map((e) => e.endpointName)).toEqual(['a', 'b']);
    expect(new Set(plan.endpoints.map((e) => e.newConfigName)).size).toBe(1);
    expect(plan.resources.create.filter((r) => r.type === 'endpoint-config')).toHaveLength(1);
    expect(plan.resources.retire.filter((r) => r.type === 'endpoint-config')).toHaveLength(1);
    expect(sagemaker.count('describeEndpointConfig')).toBe(1);
  });

  it('swaps every non-isolated model of a multi-variant config with a shadow variant in one cutover', async () => {
    // Prepare: production runs m and other-model (not isolated) and safe (isolated); the shadow runs m
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('other-model'))
      .seedModel(model('safe', { isolated: true }))
      .seedConfig(
        config(
          'multi',
          [variant('a', 'm'), variant('b', 'other-model'), variant('c', 'safe')],
          [variant('s', 'm')],
        ),
      )
      .seedEndpoint('multi-ep', 'multi');
    // Act
    const plan = await makePlan(request('m'), { sagemaker });
    // Assess
    const swaps = [
      { from: 'm', to: cloneModelName('m') },
      { from: 'other-model', to: cloneModelName('other-model') },
    ];
    expect(plan.clones.map((c) => c.sourceModelName)).toEqual(['m', 'other-model']);
    expect(plan.endpoints).toHaveLength(1);
    expect(plan.endpoints[0]?.swappedModels).toEqual(swaps);
    expect(plan.endpoints[0]?.newConfigName).toBe(isolatedEndpointConfigName('multi', swaps));
    expect(plan.endpoints[0]?.variants.map((v) => [v.kind, v.modelName, v.newModelName])).toEqual([
      ['production', 'm', swaps[0]?.to],
      ['production', 'other-model', swaps[1]?.to],
      ['production', 'safe', 'safe'],
      ['shadow', 'm', swaps[0]?.to],
    ]);
    expect(plan.reasons.join(' ')).toMatch(/other-model shares a config with it and is not isolated either/);
    expect(plan.resources.retire.filter((r) => r.type === 'model').map((r) => r.name)).toEqual([
      'm',
      'other-model',
    ]);
  });

  it('does not swap a co-served model that is exempt', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('vendor', { tags: [{ Key: 'sm5:exempt', Value: 'true' }] }))
      .seedConfig(config('c', [variant('a', 'm'), variant('b', 'vendor')]))
      .seedEndpoint('e', 'c');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.clones.map((c) => c.sourceModelName)).toEqual(['m']);
    expect(plan.endpoints[0]?.swappedModels.map((s) => s.from)).toEqual(['m']);
    expect(plan.reasons.join(' ')).toMatch(/vendor shares a config with it but is exempt/);
  });

  it('keeps a co-served model that another endpoint still runs out of the retire list', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('n'))
      .seedConfig(config('both', [variant('a', 'm'), variant('b', 'n')]))
      .seedConfig(config('only-n', [variant('a', 'n')]))
      .seedEndpoint('e1', 'both')
      .seedEndpoint('e2', 'only-n');
    const plan = await makePlan(request('m'), { sagemaker });
    expect(plan.resources.retire.map((r) => r.name)).toEqual(['both', 'm']);
    expect(plan.reasons.join(' ')).toMatch(/Model n is also served by e2/);
  });

  it('plans an undeployed model as clone and retire only', async () => {
    const sagemaker = new FakeSageMaker().seedModel(model('idle'));
    const plan = await makePlan(request('idle'), { sagemaker });
    expect(plan).toMatchObject({ verdict: 'remediate', endpoints: [], servedBy: [] });
    expect(plan.resources.retire).toEqual([
      { type: 'model', name: 'idle', replacedBy: cloneModelName('idle') },
    ]);
    expect(plan.reasons.join(' ')).toMatch(/No endpoint runs model idle/);
  });

  it('needs approval when preflight finds risks, naming the model, and redacts secrets in the copy', async () => {
    const sagemaker = new FakeSageMaker()
      .seedModel(
        model('llm', { environment: { HF_MODEL_ID: 'meta-llama/Llama-3-8B', HF_TOKEN: 'hf_secret' } }),
      )
      .seedConfig(config('c', [variant('v', 'llm')]))
      .seedEndpoint('e', 'c');
    const plan = await makePlan(request('llm'), { sagemaker });
    expect(plan.verdict).toBe('remediate');
    expect(plan.needsApproval).toBe(true);
    expect(plan.risks.map((r) => [r.modelName, r.variable, r.value])).toEqual([
      ['llm', 'HF_MODEL_ID', 'meta-llama/Llama-3-8B'],
      ['llm', 'HF_TOKEN', REDACTED],
    ]);
    expect(JSON.stringify(plan)).not.toContain('hf_secret');
    expect(plan.reasons.join(' ')).toMatch(/a human must approve/);
  });

  it('notes an endpoint that is updating: its config is read again when it settles', async () => {
    const sagemaker = singleEndpoint();
    sagemaker.setStatus('churn', 'Updating');
    const plan = await makePlan(request('Churn-Model'), { sagemaker });
    expect(plan.verdict).toBe('remediate');
    expect(plan.reasons.join(' ')).toMatch(/Endpoint churn is changing state/);
  });

  it('leaves the audit copies of clone requests out when the plan would exceed the payload budget', async () => {
    const environment = Object.fromEntries(
      Array.from({ length: 250 }, (_, i) => [`VAR_${i}`, 'x'.repeat(1000)] as const),
    );
    const sagemaker = new FakeSageMaker().seedModel(model('big', { environment }));
    const plan = await makePlan(request('big'), { sagemaker });
    expect(plan.clones[0]?.createModelInput).toBeNull();
    expect(new TextEncoder().encode(JSON.stringify(plan)).length).toBeLessThan(256 * 1024);
    expect(plan.reasons.join(' ')).toMatch(/payload limit/);
  });

  it('after an interrupted run, retires the config it replaced and the models it swapped out', async () => {
    // Prepare: an earlier run switched the endpoint from both (m, n) to its isolated config, then stopped
    const sagemaker = new FakeSageMaker()
      .seedModel(model('m'))
      .seedModel(model('n'))
      .seedConfig(config('both', [variant('a', 'm'), variant('b', 'n')]))
      .seedEndpoint('e', 'both');
    const first = await makePlan(request('m'), { sagemaker });
    for (const clone of first.clones) sagemaker.seedModel(model(clone.cloneModelName, { isolated: true }));
    const replacement = first.endpoints[0]?.newConfigName ?? '';
    sagemaker.seedConfig({
      ...config(replacement, [variant('a', cloneModelName('m')), variant('b', cloneModelName('n'))]),
      Tags: [{ Key: 'sm5:source-config', Value: 'both' }],
    });
    sagemaker.seedEndpoint('e', replacement);
    // Act
    const plan = await makePlan(request('m'), { sagemaker });
    // Assess
    expect(plan.endpoints).toEqual([]);
    expect(plan.resources.retire).toEqual([
      { type: 'endpoint-config', name: 'both', replacedBy: replacement },
      { type: 'model', name: 'm', replacedBy: cloneModelName('m') },
      { type: 'model', name: 'n', replacedBy: cloneModelName('n') },
    ]);
  });
});
