import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  CreateModelCommand,
  DeleteEndpointCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  ListEndpointsCommand,
  UpdateEndpointCommand,
  waitUntilEndpointInService,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import {
  configInput,
  failure,
  IMAGE,
  type ModelRequest,
  modelInput,
  sageMakerClient,
  sandbox,
  sandboxWithClient,
  singleEndpointScenario,
} from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333';
const HEALTH_CHECK =
  'The primary container for production variant AllTraffic did not pass the ping health check. Please check CloudWatch logs for this endpoint.';

/** `live` serves `live-model` on `live-config`; `next-config` serves `next-model` (built from `next`). */
function updateScenario(next: Partial<ModelRequest> = {}): ScenarioInput {
  const base = singleEndpointScenario('live');
  return {
    ...base,
    models: [...(base.models ?? []), modelInput('next-model', next)],
    endpointConfigs: [...(base.endpointConfigs ?? []), configInput('next-config', ['next-model'])],
  };
}

describe('endpoint creation on the clock', () => {
  it('stays Creating until the transition time has passed, then serves the config', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: [configInput('cfg', ['m'])],
    });

    // Act
    const created = await sm.send(
      new CreateEndpointCommand({ EndpointName: 'Scorer', EndpointConfigName: 'cfg' }),
    );
    const creating = await sm.send(new DescribeEndpointCommand({ EndpointName: 'Scorer' }));
    sb.clock.advance(59);
    const stillCreating = await sm.send(new DescribeEndpointCommand({ EndpointName: 'Scorer' }));
    sb.clock.advance(1);
    const ready = await sm.send(new DescribeEndpointCommand({ EndpointName: 'Scorer' }));

    // Assess
    expect(created.EndpointArn).toBe(`${ARN}:endpoint/scorer`);
    expect(creating.EndpointStatus).toBe('Creating');
    expect(creating.EndpointConfigName).toBe('cfg');
    expect(stillCreating.EndpointStatus).toBe('Creating');
    expect(ready.EndpointStatus).toBe('InService');
    expect(ready.LastModifiedTime?.getTime()).toBe((ready.CreationTime?.getTime() ?? 0) + 60_000);
    expect(ready.ProductionVariants).toEqual([
      expect.objectContaining({
        VariantName: 'AllTraffic',
        CurrentWeight: 1,
        CurrentInstanceCount: 1,
        DesiredInstanceCount: 1,
        DeployedImages: [
          expect.objectContaining({
            SpecifiedImage: IMAGE,
            ResolvedImage: expect.stringMatching(
              /^111122223333\.dkr\.ecr\.us-east-1\.amazonaws\.com\/scorer@sha256:[0-9a-f]{64}$/,
            ),
          }),
        ],
      }),
    ]);
  });

  it('refuses an endpoint name that exists and a config that does not', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));

    // Act
    const duplicate = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: 'LIVE', EndpointConfigName: 'live-config' })),
    );
    const missing = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: 'other', EndpointConfigName: 'nope' })),
    );
    const unknown = await failure(sm.send(new DescribeEndpointCommand({ EndpointName: 'ghost' })));

    // Assess
    expect(duplicate.message).toBe(`Cannot create already existing endpoint "${ARN}:endpoint/live".`);
    expect(missing.message).toBe(`Could not find endpoint configuration "${ARN}:endpoint-config/nope".`);
    expect(unknown.message).toBe(`Could not find endpoint "${ARN}:endpoint/ghost".`);
  });

  it('ends Failed when an isolated container needs the Hugging Face Hub', async () => {
    // Prepare
    const risky = {
      EnableNetworkIsolation: true,
      PrimaryContainer: { Image: IMAGE, Environment: { HF_MODEL_ID: 'bert-base-uncased' } },
    };
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('hub', risky)],
      endpointConfigs: [configInput('hub-config', ['hub'])],
    });

    // Act
    await sm.send(new CreateEndpointCommand({ EndpointName: 'hub', EndpointConfigName: 'hub-config' }));
    await sb.clock.sleep(60);
    const failed = await sm.send(new DescribeEndpointCommand({ EndpointName: 'hub' }));
    const update = await failure(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'hub', EndpointConfigName: 'hub-config' })),
    );

    // Assess
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toBe(HEALTH_CHECK);
    expect(failed.ProductionVariants).toBeUndefined();
    expect(update.name).toBe('ValidationException');
  });

  it('ends Failed when the scenario scripts a failed create', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: [configInput('cfg', ['m'])],
      faults: {
        failEndpointCreates: [{ endpointName: 'doomed', reason: 'Insufficient capacity for ml.m5.large.' }],
      },
    });

    // Act
    await sm.send(new CreateEndpointCommand({ EndpointName: 'doomed', EndpointConfigName: 'cfg' }));
    sb.clock.advance(60);
    const failed = await sm.send(new DescribeEndpointCommand({ EndpointName: 'doomed' }));

    // Assess
    expect(failed.EndpointStatus).toBe('Failed');
    expect(failed.FailureReason).toBe('Insufficient capacity for ml.m5.large.');
  });
});

describe('UpdateEndpoint', () => {
  it('shows Updating on the old config with a PendingDeploymentSummary, then InService on the new one', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(updateScenario());

    // Act
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    const updating = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));
    sb.clock.advance(60);
    const updated = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(updating.EndpointStatus).toBe('Updating');
    expect(updating.EndpointConfigName).toBe('live-config');
    expect(updating.PendingDeploymentSummary).toEqual(
      expect.objectContaining({
        EndpointConfigName: 'next-config',
        StartTime: expect.any(Date),
        ProductionVariants: [
          expect.objectContaining({
            VariantName: 'AllTraffic',
            VariantStatus: [expect.objectContaining({ Status: 'Creating' })],
          }),
        ],
      }),
    );
    expect(updated.EndpointStatus).toBe('InService');
    expect(updated.EndpointConfigName).toBe('next-config');
    expect(updated.PendingDeploymentSummary).toBeUndefined();
    expect(updated.FailureReason).toBeUndefined();
  });

  it('rejects an update while the endpoint is Creating or Updating', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(updateScenario());
    await sm.send(new CreateEndpointCommand({ EndpointName: 'fresh', EndpointConfigName: 'live-config' }));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));

    // Act
    const whileCreating = await failure(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'fresh', EndpointConfigName: 'next-config' })),
    );
    const whileUpdating = await failure(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'live-config' })),
    );
    sb.clock.advance(60);
    const afterwards = await sm.send(
      new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'live-config' }),
    );

    // Assess
    expect(whileCreating.name).toBe('ValidationException');
    expect(whileCreating.message).toBe(`Cannot update in-progress endpoint "${ARN}:endpoint/fresh".`);
    expect(whileUpdating.message).toBe(`Cannot update in-progress endpoint "${ARN}:endpoint/live".`);
    expect(afterwards.EndpointArn).toBe(`${ARN}:endpoint/live`);
  });

  it('rolls a scripted failed update back to InService on the old config with a FailureReason', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(updateScenario());
    sb.faults.failNextEndpointUpdate('live', 'Alarm latency-p99 fired during the baking period.');

    // Act
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    sb.clock.advance(60);
    const rolledBack = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    sb.clock.advance(60);
    const retried = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(rolledBack.EndpointStatus).toBe('InService');
    expect(rolledBack.EndpointConfigName).toBe('live-config');
    expect(rolledBack.FailureReason).toBe('Alarm latency-p99 fired during the baking period.');
    expect(rolledBack.PendingDeploymentSummary).toBeUndefined();
    expect(retried.EndpointConfigName).toBe('next-config');
    expect(retried.FailureReason).toBeUndefined();
  });

  it('rolls back a failure the scenario scripts, with the health-check reason by default', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      ...updateScenario(),
      faults: { failEndpointUpdates: [{ endpointName: 'live' }] },
    });

    // Act
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    sb.clock.advance(60);
    const rolledBack = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(rolledBack.EndpointConfigName).toBe('live-config');
    expect(rolledBack.FailureReason).toBe(HEALTH_CHECK);
  });

  it.each([
    ['HF_MODEL_ID naming a hub model', { HF_MODEL_ID: 'meta-llama/Llama-3.1-8B-Instruct' }],
    ['SAGEMAKER_SUBMIT_DIRECTORY on S3', { SAGEMAKER_SUBMIT_DIRECTORY: 's3://code/sourcedir.tar.gz' }],
    ['a value fetched over https', { WEIGHTS: 'https://example.com/weights.bin' }],
  ])('rolls back an isolated model with %s (health check fails)', async (_case, environment) => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(
      updateScenario({
        EnableNetworkIsolation: true,
        PrimaryContainer: { Image: IMAGE, Environment: environment },
      }),
    );

    // Act
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    sb.clock.advance(60);
    const after = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(after.EndpointStatus).toBe('InService');
    expect(after.EndpointConfigName).toBe('live-config');
    expect(after.FailureReason).toBe(HEALTH_CHECK);
  });

  it.each([
    [
      'isolated with a local HF_MODEL_ID',
      { EnableNetworkIsolation: true, env: { HF_MODEL_ID: '/opt/ml/model' } },
    ],
    [
      'not isolated with a hub HF_MODEL_ID',
      { EnableNetworkIsolation: false, env: { HF_MODEL_ID: 'bert-base-uncased' } },
    ],
  ])('switches a model %s', async (_case, { EnableNetworkIsolation, env }) => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(
      updateScenario({ EnableNetworkIsolation, PrimaryContainer: { Image: IMAGE, Environment: env } }),
    );

    // Act
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' }));
    sb.clock.advance(60);
    const after = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(after.EndpointConfigName).toBe('next-config');
    expect(after.FailureReason).toBeUndefined();
  });

  it('keeps running instance counts and weights with RetainAllVariantProperties', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('a'), modelInput('b')],
      endpointConfigs: [
        configInput('big', ['a'], {
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'a',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 6,
              InitialVariantWeight: 2,
            },
          ],
        }),
        configInput('small', ['b']),
      ],
      endpoints: [
        { EndpointName: 'retained', EndpointConfigName: 'big' },
        { EndpointName: 'reset', EndpointConfigName: 'big' },
      ],
    });

    // Act
    await sm.send(
      new UpdateEndpointCommand({
        EndpointName: 'retained',
        EndpointConfigName: 'small',
        RetainAllVariantProperties: true,
      }),
    );
    await sm.send(
      new UpdateEndpointCommand({
        EndpointName: 'reset',
        EndpointConfigName: 'small',
        RetainAllVariantProperties: true,
        ExcludeRetainedVariantProperties: [{ VariantPropertyType: 'DesiredInstanceCount' }],
      }),
    );
    sb.clock.advance(60);
    const retained = await sm.send(new DescribeEndpointCommand({ EndpointName: 'retained' }));
    const reset = await sm.send(new DescribeEndpointCommand({ EndpointName: 'reset' }));

    // Assess
    expect(retained.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 6, CurrentWeight: 2 });
    expect(reset.ProductionVariants?.[0]).toMatchObject({ CurrentInstanceCount: 1, CurrentWeight: 2 });
  });

  it('lengthens a blue/green update by its waits and reports the deployment config', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(updateScenario());
    const DeploymentConfig = {
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'ALL_AT_ONCE' as const, WaitIntervalInSeconds: 300 },
        TerminationWaitInSeconds: 120,
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: 'latency-p99' }] },
    };

    // Act
    await sm.send(
      new UpdateEndpointCommand({
        EndpointName: 'live',
        EndpointConfigName: 'next-config',
        DeploymentConfig,
      }),
    );
    sb.clock.advance(60 + 300 + 119);
    const baking = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));
    sb.clock.advance(1);
    const done = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(baking.EndpointStatus).toBe('Updating');
    expect(done.EndpointStatus).toBe('InService');
    expect(done.EndpointConfigName).toBe('next-config');
    expect(done.LastDeploymentConfig).toEqual(DeploymentConfig);
  });

  it('rejects an update to a config whose model was deleted', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(updateScenario());
    await sm.send(new DeleteModelCommand({ ModelName: 'next-model' }));

    // Act
    const error = await failure(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' })),
    );

    // Assess
    expect(error.message).toBe(`Could not find model "${ARN}:model/next-model".`);
  });

  it('rejects serving a model that became isolated on a serverless variant', async () => {
    // Prepare: a serverless config, then its model replaced by an isolated one of the same name
    const { sm } = await sandboxWithClient({
      models: [modelInput('doc')],
      endpointConfigs: [
        {
          EndpointConfigName: 'doc-serverless',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'doc',
              ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
            },
          ],
        },
      ],
    });
    await sm.send(new DeleteModelCommand({ ModelName: 'doc' }));
    await sm.send(new CreateModelCommand(modelInput('doc', { EnableNetworkIsolation: true })));

    // Act
    const error = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: 'doc', EndpointConfigName: 'doc-serverless' })),
    );

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^Network isolation is not supported for serverless endpoints/);
  });
});

describe('busy endpoints, listing and deletion', () => {
  it('shows SystemUpdating while the faults hold the endpoint busy and refuses updates then', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(updateScenario());
    sb.faults.holdEndpointBusy('live', 120);

    // Act
    const busy = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));
    const refused = await failure(
      sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'next-config' })),
    );
    const listed = await sm.send(new ListEndpointsCommand({ StatusEquals: 'SystemUpdating' }));
    sb.clock.advance(120);
    const free = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(busy.EndpointStatus).toBe('SystemUpdating');
    expect(refused.message).toBe(`Cannot update in-progress endpoint "${ARN}:endpoint/live".`);
    expect(listed.Endpoints?.map((e) => e.EndpointName)).toEqual(['live']);
    expect(free.EndpointStatus).toBe('InService');
  });

  it('deletes an endpoint so its name can be used again', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('live'));

    // Act
    await sm.send(new DeleteEndpointCommand({ EndpointName: 'live' }));
    const gone = await failure(sm.send(new DescribeEndpointCommand({ EndpointName: 'live' })));
    const again = await failure(sm.send(new DeleteEndpointCommand({ EndpointName: 'live' })));
    const recreated = await sm.send(
      new CreateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'live-config' }),
    );

    // Assess
    expect(gone.message).toBe(`Could not find endpoint "${ARN}:endpoint/live".`);
    expect(again.message).toBe(`Could not find endpoint "${ARN}:endpoint/live".`);
    expect(recreated.EndpointArn).toBe(`${ARN}:endpoint/live`);
  });

  it('starts seeded endpoints InService', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(singleEndpointScenario('seeded'));

    // Act
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'seeded' }));

    // Assess
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toBe('seeded-config');
  });
});

describe('waitUntilEndpointInService on the real clock', () => {
  it('returns once a new endpoint is InService', async () => {
    // Prepare
    const sb = await sandbox({
      scenario: { models: [modelInput('m')], endpointConfigs: [configInput('cfg', ['m'])] },
      clock: 'real',
      transitionSeconds: 1,
    });
    const sm = sageMakerClient(sb);
    await sm.send(new CreateEndpointCommand({ EndpointName: 'waited', EndpointConfigName: 'cfg' }));

    // Act
    const result = await waitUntilEndpointInService(
      { client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { EndpointName: 'waited' },
    );

    // Assess
    expect(result.state).toBe('SUCCESS');
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'waited' }));
    expect(endpoint.EndpointStatus).toBe('InService');
  });

  it('fails as soon as the endpoint is Failed', async () => {
    // Prepare
    const sb = await sandbox({
      scenario: { models: [modelInput('m')], endpointConfigs: [configInput('cfg', ['m'])] },
      clock: 'real',
      transitionSeconds: 0.5,
    });
    sb.faults.failNextEndpointCreate('broken');
    const sm = sageMakerClient(sb);
    await sm.send(new CreateEndpointCommand({ EndpointName: 'broken', EndpointConfigName: 'cfg' }));

    // Act
    const outcome = await waitUntilEndpointInService(
      { client: sm, minDelay: 1, maxDelay: 1, maxWaitTime: 10 },
      { EndpointName: 'broken' },
    ).then(
      () => 'in service',
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );

    // Assess: the waiter reports FAILURE (not a timeout) as soon as it sees Failed
    expect(outcome).toContain('"state":"FAILURE"');
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'broken' }));
    expect(endpoint.EndpointStatus).toBe('Failed');
  });
});

describe('CreateEndpointConfig then CreateEndpoint through the API', () => {
  it('creates everything from scratch and lists the endpoint', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient();
    await sm.send(new CreateModelCommand(modelInput('fresh-model')));
    await sm.send(new CreateEndpointConfigCommand(configInput('fresh-config', ['fresh-model'])));

    // Act
    await sm.send(
      new CreateEndpointCommand({
        EndpointName: 'fresh',
        EndpointConfigName: 'fresh-config',
        Tags: [{ Key: 'a', Value: 'b' }],
      }),
    );
    const creating = await sm.send(new ListEndpointsCommand({}));
    sb.clock.advance(60);
    const ready = await sm.send(new ListEndpointsCommand({ StatusEquals: 'InService' }));

    // Assess
    expect(creating.Endpoints).toEqual([
      expect.objectContaining({ EndpointName: 'fresh', EndpointStatus: 'Creating' }),
    ]);
    expect(ready.Endpoints).toEqual([
      expect.objectContaining({
        EndpointName: 'fresh',
        EndpointArn: `${ARN}:endpoint/fresh`,
        EndpointStatus: 'InService',
      }),
    ]);
  });
});
