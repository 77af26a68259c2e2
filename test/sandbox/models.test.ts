import {
  CreateModelCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { failure, IMAGE, modelInput, ROLE, rawCall, sandboxWithClient } from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333:model';

describe('CreateModel and DescribeModel', () => {
  it('stores every member and describes it back, without Tags, with the lowercased ARN', async () => {
    // Prepare: a model with every member aws-facts lists
    const { sm } = await sandboxWithClient();
    const container = {
      ContainerHostname: 'scorer',
      Image: IMAGE,
      ImageConfig: { RepositoryAccessMode: 'Platform' as const },
      Mode: 'SingleModel' as const,
      ModelDataUrl: 's3://artifacts/Fraud/model.tar.gz',
      Environment: { LOG_LEVEL: 'INFO' },
      MultiModelConfig: { ModelCacheSetting: 'Enabled' as const },
    };
    const second = {
      Image: IMAGE,
      ModelDataSource: {
        S3DataSource: {
          S3Uri: 's3://artifacts/weights/',
          S3DataType: 'S3Prefix' as const,
          CompressionType: 'None' as const,
        },
      },
      AdditionalModelDataSources: [
        {
          ChannelName: 'draft',
          S3DataSource: {
            S3Uri: 's3://artifacts/draft/',
            S3DataType: 'S3Prefix' as const,
            CompressionType: 'None' as const,
          },
        },
      ],
    };
    const vpc = { SecurityGroupIds: ['sg-1'], Subnets: ['subnet-1', 'subnet-2'] };

    // Act
    const created = await sm.send(
      new CreateModelCommand({
        ModelName: 'Fraud-Scorer',
        Containers: [container, second],
        InferenceExecutionConfig: { Mode: 'Serial' },
        ExecutionRoleArn: ROLE,
        VpcConfig: vpc,
        EnableNetworkIsolation: false,
        Tags: [{ Key: 'team', Value: 'risk' }],
      }),
    );
    const described = await sm.send(new DescribeModelCommand({ ModelName: 'Fraud-Scorer' }));

    // Assess
    expect(created.ModelArn).toBe(`${ARN}/fraud-scorer`);
    expect(described.ModelName).toBe('Fraud-Scorer');
    expect(described.ModelArn).toBe(`${ARN}/fraud-scorer`);
    expect(described.Containers).toEqual([container, { ...second, Mode: 'SingleModel', Environment: {} }]);
    expect(described.InferenceExecutionConfig).toEqual({ Mode: 'Serial' });
    expect(described.ExecutionRoleArn).toBe(ROLE);
    expect(described.VpcConfig).toEqual(vpc);
    expect(described.EnableNetworkIsolation).toBe(false);
    expect(described.CreationTime).toBeInstanceOf(Date);
    expect(described.DeploymentRecommendation?.RecommendationStatus).toBe('NOT_APPLICABLE');
    expect(described).not.toHaveProperty('Tags');
  });

  it('reports EnableNetworkIsolation false when the request left it out', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('plain')] });

    // Act
    const described = await sm.send(new DescribeModelCommand({ ModelName: 'plain' }));

    // Assess
    expect(described.EnableNetworkIsolation).toBe(false);
    expect(described.PrimaryContainer).toEqual({
      Image: IMAGE,
      ModelDataUrl: 's3://artifacts/plain/model.tar.gz',
      Mode: 'SingleModel',
      Environment: {},
    });
  });

  it('sends CreationTime as epoch seconds on the wire', async () => {
    // Prepare
    const start = Date.UTC(2024, 5, 1, 12, 0, 0);
    const { sb, sm } = await sandboxWithClient({}, { startTime: start });
    await sm.send(new CreateModelCommand(modelInput('timed')));

    // Act
    const raw = await rawCall(sb, 'SageMaker.DescribeModel', JSON.stringify({ ModelName: 'timed' }));

    // Assess
    expect(raw.contentType).toBe('application/x-amz-json-1.1');
    expect(raw.json).toMatchObject({ CreationTime: start / 1000 });
  });

  it('keeps the tags for ListTags on the model ARN', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();
    const tags = [
      { Key: 'team', Value: 'risk' },
      { Key: 'cost-center', Value: 'cc-1' },
    ];
    const { ModelArn } = await sm.send(new CreateModelCommand(modelInput('Tagged', { Tags: tags })));

    // Act
    const listed = await sm.send(new ListTagsCommand({ ResourceArn: ModelArn }));

    // Assess
    expect(listed.Tags).toEqual(tags);
  });

  it('looks names up exactly: a model created as MyModel is not found as mymodel', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('MyModel')] });

    // Act
    const error = await failure(sm.send(new DescribeModelCommand({ ModelName: 'mymodel' })));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`Could not find model "${ARN}/mymodel".`);
    expect(error.$metadata.httpStatusCode).toBe(400);
  });

  it('refuses a second model whose name differs only in case, naming the existing ARN', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: [modelInput('MyModel')] });

    // Act
    const error = await failure(sm.send(new CreateModelCommand(modelInput('MYMODEL'))));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(`Cannot create already existing model "${ARN}/mymodel".`);
  });
});

describe('CreateModel validation', () => {
  it('rejects a bad name with the pattern message', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const error = await failure(sm.send(new CreateModelCommand(modelInput('bad_name'))));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      "1 validation error detected: Value 'bad_name' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}",
    );
  });

  it('lists every violated constraint of a 64-character name with a trailing hyphen', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();
    const name = `${'a'.repeat(63)}-`;

    // Act
    const error = await failure(sm.send(new CreateModelCommand(modelInput(name))));

    // Assess
    expect(error.message).toBe(
      `2 validation errors detected: Value '${name}' at 'modelName' failed to satisfy constraint: Member must have length less than or equal to 63; ` +
        `Value '${name}' at 'modelName' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}`,
    );
  });

  it('names a missing required member', async () => {
    // Prepare
    const { sb } = await sandboxWithClient();

    // Act
    const raw = await rawCall(
      sb,
      'SageMaker.CreateModel',
      JSON.stringify({ PrimaryContainer: { Image: IMAGE } }),
    );

    // Assess
    expect(raw.status).toBe(400);
    expect(raw.json).toEqual({
      __type: 'ValidationException',
      message:
        "1 validation error detected: Value null at 'modelName' failed to satisfy constraint: Member must not be null",
    });
  });

  it('limits containers to 15', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();
    const containers = Array.from({ length: 16 }, () => ({ Image: IMAGE }));

    // Act
    const error = await failure(
      sm.send(
        new CreateModelCommand({ ModelName: 'pipeline', Containers: containers, ExecutionRoleArn: ROLE }),
      ),
    );

    // Assess
    expect(error.message).toMatch(
      /^1 validation error detected: Value '\[.*\]' at 'containers' failed to satisfy constraint: Member must have length less than or equal to 15$/,
    );
  });

  it('limits the environment to 100 entries and checks its keys', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();
    const big = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`VAR_${i}`, 'x']));

    // Act
    const tooMany = await failure(
      sm.send(
        new CreateModelCommand(modelInput('env', { PrimaryContainer: { Image: IMAGE, Environment: big } })),
      ),
    );
    const badKey = await failure(
      sm.send(
        new CreateModelCommand(
          modelInput('env', { PrimaryContainer: { Image: IMAGE, Environment: { '1BAD': 'x' } } }),
        ),
      ),
    );

    // Assess
    expect(tooMany.message).toContain(
      "at 'primaryContainer.environment' failed to satisfy constraint: Member must have length less than or equal to 100",
    );
    expect(badKey.message).toContain(
      "at 'primaryContainer.environment' failed to satisfy constraint: Map keys must satisfy constraint: [Member must satisfy regular expression pattern: [a-zA-Z_][a-zA-Z0-9_]*]",
    );
  });

  it('limits tags to 50 and security groups to 1-5 and subnets to 1-16', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();
    const tags = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    const groups = Array.from({ length: 6 }, (_, i) => `sg-${i}`);
    const subnets = Array.from({ length: 17 }, (_, i) => `subnet-${i}`);

    // Act
    const tooManyTags = await failure(sm.send(new CreateModelCommand(modelInput('m', { Tags: tags }))));
    const badVpc = await failure(
      sm.send(
        new CreateModelCommand(
          modelInput('m', { VpcConfig: { SecurityGroupIds: groups, Subnets: subnets } }),
        ),
      ),
    );
    const emptyVpc = await failure(
      sm.send(
        new CreateModelCommand(
          modelInput('m', { VpcConfig: { SecurityGroupIds: [], Subnets: ['subnet-1'] } }),
        ),
      ),
    );

    // Assess
    expect(tooManyTags.message).toMatch(
      /at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50$/,
    );
    expect(badVpc.message).toMatch(/^2 validation errors detected: /);
    expect(badVpc.message).toContain(
      "at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    expect(badVpc.message).toContain(
      "at 'vpcConfig.subnets' failed to satisfy constraint: Member must have length less than or equal to 16",
    );
    expect(emptyVpc.message).toBe(
      "1 validation error detected: Value '[]' at 'vpcConfig.securityGroupIds' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('names the list member of a bad nested value', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const error = await failure(
      sm.send(
        new CreateModelCommand({
          ModelName: 'nested',
          Containers: [{ Image: IMAGE }, { Image: IMAGE, ModelDataUrl: 'ftp://nowhere/model.tar.gz' }],
        }),
      ),
    );

    // Assess
    expect(error.message).toBe(
      "1 validation error detected: Value 'ftp://nowhere/model.tar.gz' at 'containers.2.member.modelDataUrl' failed to satisfy constraint: Member must satisfy regular expression pattern: ^(https|s3)://([^/]+)/?(.*)$",
    );
  });

  it('requires exactly one of PrimaryContainer and Containers', async () => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const neither = await failure(
      sm.send(new CreateModelCommand({ ModelName: 'none', ExecutionRoleArn: ROLE })),
    );
    const both = await failure(
      sm.send(new CreateModelCommand(modelInput('both', { Containers: [{ Image: IMAGE }] }))),
    );

    // Assess
    expect(neither.name).toBe('ValidationException');
    expect(neither.message).toMatch(/PrimaryContainer or Containers/);
    expect(both.name).toBe('ValidationException');
    expect(both.message).toMatch(/PrimaryContainer or Containers/);
  });

  it('answers a body of the wrong JSON type with SerializationException', async () => {
    // Prepare
    const { sb } = await sandboxWithClient();

    // Act
    const raw = await rawCall(sb, 'SageMaker.CreateModel', JSON.stringify({ ModelName: 42 }));

    // Assess
    expect(raw.status).toBe(400);
    expect(raw.json).toMatchObject({ __type: 'com.amazon.coral.service#SerializationException' });
  });
});

describe('DeleteModel', () => {
  it('deletes a model and its tags, then reports it missing', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('Old', { Tags: [{ Key: 'a', Value: 'b' }] })],
    });

    // Act
    await sm.send(new DeleteModelCommand({ ModelName: 'Old' }));
    const describe = await failure(sm.send(new DescribeModelCommand({ ModelName: 'Old' })));
    const again = await failure(sm.send(new DeleteModelCommand({ ModelName: 'Old' })));
    const tags = await failure(sm.send(new ListTagsCommand({ ResourceArn: `${ARN}/old` })));

    // Assess
    expect(describe.message).toBe(`Could not find model "${ARN}/old".`);
    expect(again.message).toBe(`Could not find model "${ARN}/old".`);
    expect(tags.name).toBe('ValidationException');
  });

  it('allows deleting a model an endpoint still serves; the endpoint keeps running', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('served')],
      endpointConfigs: [
        {
          EndpointConfigName: 'served-config',
          ProductionVariants: [
            {
              VariantName: 'AllTraffic',
              ModelName: 'served',
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
        },
      ],
      endpoints: [{ EndpointName: 'served', EndpointConfigName: 'served-config' }],
    });

    // Act
    await sm.send(new DeleteModelCommand({ ModelName: 'served' }));

    // Assess
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'served' }));
    expect(endpoint.EndpointStatus).toBe('InService');
    expect(endpoint.EndpointConfigName).toBe('served-config');
  });
});
