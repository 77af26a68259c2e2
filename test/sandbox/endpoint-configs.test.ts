import {
  CreateEndpointCommand,
  CreateEndpointConfigCommand,
  DeleteEndpointConfigCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  ListTagsCommand,
  type ProductionVariant,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { configInput, failure, modelInput, ROLE, sandboxWithClient } from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333';

function variant(name: string, model: string): ProductionVariant {
  return { VariantName: name, ModelName: model, InstanceType: 'ml.m5.large', InitialInstanceCount: 1 };
}

describe('CreateEndpointConfig and DescribeEndpointConfig', () => {
  it('stores every member and describes it back without Tags', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('a'), modelInput('b'), modelInput('shadow')],
    });
    const members = {
      ProductionVariants: [
        { ...variant('Primary', 'a'), InitialVariantWeight: 0.7, VolumeSizeInGB: 30 },
        { ...variant('Secondary', 'b'), InitialVariantWeight: 0.3 },
      ],
      ShadowProductionVariants: [{ ...variant('Shadow', 'shadow'), InitialVariantWeight: 1 }],
      DataCaptureConfig: {
        EnableCapture: true,
        InitialSamplingPercentage: 10,
        DestinationS3Uri: 's3://capture/x',
        CaptureOptions: [{ CaptureMode: 'Input' as const }],
      },
      KmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/abc',
      AsyncInferenceConfig: { OutputConfig: { S3OutputPath: 's3://async/out' } },
      ExplainerConfig: {
        ClarifyExplainerConfig: { ShapConfig: { ShapBaselineConfig: { MimeType: 'text/csv' } } },
      },
      ExecutionRoleArn: ROLE,
      VpcConfig: { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1'] },
      MetricsConfig: { EnableEnhancedMetrics: true },
    };

    // Act
    const created = await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'Blue-Config',
        ...members,
        Tags: [{ Key: 'team', Value: 'x' }],
      }),
    );
    const described = await sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'Blue-Config' }));
    const tags = await sm.send(new ListTagsCommand({ ResourceArn: created.EndpointConfigArn }));

    // Assess
    expect(created.EndpointConfigArn).toBe(`${ARN}:endpoint-config/blue-config`);
    const { $metadata: _metadata, CreationTime, ...rest } = described;
    expect(rest).toEqual({
      EndpointConfigName: 'Blue-Config',
      EndpointConfigArn: `${ARN}:endpoint-config/blue-config`,
      ...members,
    });
    expect(CreationTime).toBeInstanceOf(Date);
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'x' }]);
  });

  it('rejects a variant whose model does not exist', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const error = await failure(sm.send(new CreateEndpointConfigCommand(configInput('cfg', ['Ghost']))));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`Could not find model "${ARN}:model/ghost".`);
  });

  it('rejects a duplicate config name whatever its case', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: [configInput('Cfg', ['m'])],
    });

    // Act
    const error = await failure(sm.send(new CreateEndpointConfigCommand(configInput('cfg', ['m']))));

    // Assess
    expect(error.message).toBe(
      `Cannot create already existing endpoint configuration "${ARN}:endpoint-config/cfg".`,
    );
  });

  it('requires 1 to 10 production variants', async () => {
    // Prepare
    const models = Array.from({ length: 11 }, (_, i) => `m${i}`);
    const { sm } = await sandboxWithClient({ models: models.map((m) => modelInput(m)) });

    // Act
    const none = await failure(
      sm.send(new CreateEndpointConfigCommand({ EndpointConfigName: 'none', ProductionVariants: [] })),
    );
    const eleven = await failure(sm.send(new CreateEndpointConfigCommand(configInput('eleven', models))));

    // Assess
    expect(none.message).toBe(
      "1 validation error detected: Value '[]' at 'productionVariants' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    expect(eleven.message).toMatch(
      /at 'productionVariants' failed to satisfy constraint: Member must have length less than or equal to 10$/,
    );
  });

  it('validates nested variant members with their AWS path', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('m')] });

    // Act
    const error = await failure(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'cfg',
          ProductionVariants: [{ ...variant('AllTraffic', 'm'), InitialInstanceCount: 0 }],
        }),
      ),
    );

    // Assess
    expect(error.message).toBe(
      "1 validation error detected: Value '0' at 'productionVariants.1.member.initialInstanceCount' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('rejects an unknown instance type with the enum message', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('m')] });

    // Act
    const error = await failure(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'cfg',
          ProductionVariants: [
            { ...variant('AllTraffic', 'm'), InstanceType: 'ml.m5.huge' as 'ml.m5.large' },
          ],
        }),
      ),
    );

    // Assess
    expect(error.message).toMatch(
      /^1 validation error detected: Value 'ml.m5.huge' at 'productionVariants.1.member.instanceType' failed to satisfy constraint: Member must satisfy enum value set: \[ml.t2.medium, .*ml.m5.large, .*\]$/,
    );
  });

  it('rejects a serverless variant serving an isolated model', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('iso', { EnableNetworkIsolation: true })] });

    // Act
    const error = await failure(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'serverless',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'iso',
              ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
            },
          ],
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toMatch(/^Network isolation is not supported for serverless endpoints/);
    expect(error.message).toContain(`"${ARN}:model/iso"`);
  });

  it('accepts a serverless variant serving a model without isolation', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('open')] });

    // Act
    const created = await sm.send(
      new CreateEndpointConfigCommand({
        EndpointConfigName: 'serverless',
        ProductionVariants: [
          {
            VariantName: 'AllTraffic',
            ModelName: 'open',
            ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
          },
        ],
      }),
    );

    // Assess
    expect(created.EndpointConfigArn).toBe(`${ARN}:endpoint-config/serverless`);
  });

  it('rejects variant names used twice across production and shadow variants', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('a'), modelInput('b')] });

    // Act
    const error = await failure(
      sm.send(
        new CreateEndpointConfigCommand({
          EndpointConfigName: 'dup',
          ProductionVariants: [variant('Same', 'a')],
          ShadowProductionVariants: [variant('Same', 'b')],
        }),
      ),
    );

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toContain('Same');
  });
});

describe('DeleteEndpointConfig', () => {
  it('deletes a config endpoints still use; they keep running and still name it', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: [configInput('shared', ['m'])],
      endpoints: [
        { EndpointName: 'one', EndpointConfigName: 'shared' },
        { EndpointName: 'two', EndpointConfigName: 'shared' },
      ],
    });

    // Act
    await sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'shared' }));

    // Assess
    const gone = await failure(sm.send(new DescribeEndpointConfigCommand({ EndpointConfigName: 'shared' })));
    expect(gone.message).toBe(`Could not find endpoint configuration "${ARN}:endpoint-config/shared".`);
    for (const name of ['one', 'two']) {
      const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: name }));
      expect(endpoint.EndpointStatus).toBe('InService');
      expect(endpoint.EndpointConfigName).toBe('shared');
    }
    const recreate = await failure(
      sm.send(new CreateEndpointCommand({ EndpointName: 'three', EndpointConfigName: 'shared' })),
    );
    expect(recreate.message).toBe(`Could not find endpoint configuration "${ARN}:endpoint-config/shared".`);
  });

  it('reports a missing config', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const error = await failure(sm.send(new DeleteEndpointConfigCommand({ EndpointConfigName: 'nope' })));

    // Assess
    expect(error.message).toBe(`Could not find endpoint configuration "${ARN}:endpoint-config/nope".`);
  });
});
