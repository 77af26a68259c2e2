import {
  AddTagsCommand,
  CreateEndpointConfigCommand,
  type CreateEndpointConfigInput,
  CreateModelCommand,
  type CreateModelInput,
  DeleteEndpointConfigCommand,
  DeleteModelCommand,
  DescribeEndpointCommand,
  DescribeEndpointConfigCommand,
  DescribeInferenceComponentCommand,
  DescribeModelCommand,
  type EndpointSummary,
  ListEndpointsCommand,
  ListInferenceComponentsCommand,
  ListModelsCommand,
  ListTagsCommand,
  type ModelSummary,
  ResourceLimitExceeded,
  ResourceNotFound,
  SageMakerClient,
  UpdateEndpointCommand,
  type UpdateEndpointInput,
} from '@aws-sdk/client-sagemaker';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { PAGE_SIZE, sagemakerGateway } from '../../../src/aws/sagemaker.ts';
import {
  AccessDeniedError,
  AwsValidationError,
  EndpointBusyError,
  EndpointNotFoundError,
  ModelNotFoundError,
  QuotaExceededError,
  ThrottledError,
} from '../../../src/domain/errors.ts';
import {
  arnOf,
  configMissing,
  endpointMissing,
  metadata400,
  modelMissing,
  throttled,
  unmodeled,
  validation,
} from './aws-errors.ts';

const sm = mockClient(SageMakerClient);
const gateway = () => sagemakerGateway(new SageMakerClient({ region: 'us-east-1' }));

beforeEach(() => {
  sm.reset();
});

const created = new Date('2024-01-01T00:00:00Z');
const modelSummary = (name: string): ModelSummary => ({
  ModelName: name,
  ModelArn: arnOf('model', name),
  CreationTime: created,
});
const endpointSummary = (name: string): EndpointSummary => ({
  EndpointName: name,
  EndpointArn: arnOf('endpoint', name),
  CreationTime: created,
  LastModifiedTime: created,
  EndpointStatus: 'InService',
});

interface PagedInput {
  NextToken?: string;
  MaxResults?: number;
}

/**
 * Serves `pages` by NextToken (page i answers token `t<i>`) and records each request's token and page size
 * at the moment it is sent (the paginator reuses one input object, so recorded calls show only the last).
 */
function paged<T>(key: string, pages: T[][]) {
  const seen: { token: string | undefined; size: number | undefined }[] = [];
  const fake = (input: PagedInput) => {
    seen.push({ token: input.NextToken, size: input.MaxResults });
    const index = input.NextToken === undefined ? 0 : Number(input.NextToken.slice(1));
    const next = index + 1 < pages.length ? `t${index + 1}` : undefined;
    return { [key]: pages[index], ...(next === undefined ? {} : { NextToken: next }) };
  };
  return { fake, seen };
}

describe('describeModel', () => {
  it('returns the description without the request metadata', async () => {
    // Prepare
    sm.on(DescribeModelCommand, { ModelName: 'MyModel' }).resolves({
      ModelName: 'MyModel',
      ModelArn: arnOf('model', 'MyModel'),
      EnableNetworkIsolation: false,
      $metadata: { httpStatusCode: 200, requestId: 'r-1' },
    });

    // Act
    const model = await gateway().describeModel('MyModel');

    // Assess
    expect(model).toEqual({
      ModelName: 'MyModel',
      ModelArn: arnOf('model', 'MyModel'),
      EnableNetworkIsolation: false,
    });
  });

  it('answers undefined for "Could not find model"', async () => {
    // Prepare
    sm.on(DescribeModelCommand).rejects(modelMissing('Gone'));

    // Act / Assess
    await expect(gateway().describeModel('Gone')).resolves.toBeUndefined();
  });

  it('answers undefined for a modeled ResourceNotFound', async () => {
    // Prepare
    sm.on(DescribeModelCommand).rejects(new ResourceNotFound({ message: 'no such model', ...metadata400 }));

    // Act / Assess
    await expect(gateway().describeModel('Gone')).resolves.toBeUndefined();
  });

  it('throws any other failure as its named error, keeping the SDK error as cause', async () => {
    // Prepare
    const sdkError = throttled();
    sm.on(DescribeModelCommand).rejects(sdkError);

    // Act
    const failure = gateway().describeModel('MyModel');

    // Assess
    await expect(failure).rejects.toBeInstanceOf(ThrottledError);
    await expect(failure).rejects.toHaveProperty('cause', sdkError);
  });
});

describe('describeEndpoint', () => {
  it('returns the description', async () => {
    // Prepare
    sm.on(DescribeEndpointCommand, { EndpointName: 'ep' }).resolves({
      EndpointName: 'ep',
      EndpointConfigName: 'cfg',
      EndpointStatus: 'InService',
    });

    // Act
    const endpoint = await gateway().describeEndpoint('ep');

    // Assess
    expect(endpoint).toEqual({ EndpointName: 'ep', EndpointConfigName: 'cfg', EndpointStatus: 'InService' });
  });

  it('answers undefined for "Could not find endpoint"', async () => {
    // Prepare
    sm.on(DescribeEndpointCommand).rejects(endpointMissing('ep'));

    // Act / Assess
    await expect(gateway().describeEndpoint('ep')).resolves.toBeUndefined();
  });

  it('does not hide a missing model behind undefined', async () => {
    // Prepare: a not-found for another kind of resource is not "this endpoint is absent"
    sm.on(DescribeEndpointCommand).rejects(modelMissing('m'));

    // Act / Assess
    await expect(gateway().describeEndpoint('ep')).rejects.toBeInstanceOf(ModelNotFoundError);
  });
});

describe('describeEndpointConfig', () => {
  it('returns the description', async () => {
    // Prepare
    sm.on(DescribeEndpointConfigCommand, { EndpointConfigName: 'cfg' }).resolves({
      EndpointConfigName: 'cfg',
      ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm' }],
    });

    // Act
    const config = await gateway().describeEndpointConfig('cfg');

    // Assess
    expect(config?.ProductionVariants).toEqual([{ VariantName: 'AllTraffic', ModelName: 'm' }]);
  });

  it('answers undefined for "Could not find endpoint configuration"', async () => {
    // Prepare
    sm.on(DescribeEndpointConfigCommand).rejects(configMissing('cfg'));

    // Act / Assess
    await expect(gateway().describeEndpointConfig('cfg')).resolves.toBeUndefined();
  });

  it('throws access denied as AccessDeniedError', async () => {
    // Prepare
    sm.on(DescribeEndpointConfigCommand).rejects(unmodeled('AccessDeniedException', 'not authorized', 403));

    // Act / Assess
    await expect(gateway().describeEndpointConfig('cfg')).rejects.toBeInstanceOf(AccessDeniedError);
  });
});

describe('describeInferenceComponent', () => {
  it('returns the description, which names the model it serves', async () => {
    // Prepare
    sm.on(DescribeInferenceComponentCommand, { InferenceComponentName: 'ic1' }).resolves({
      InferenceComponentName: 'ic1',
      EndpointName: 'ep',
      Specification: { ModelName: 'm' },
      $metadata: { httpStatusCode: 200 },
    });

    // Act
    const component = await gateway().describeInferenceComponent('ic1');

    // Assess
    expect(component).toEqual({
      InferenceComponentName: 'ic1',
      EndpointName: 'ep',
      Specification: { ModelName: 'm' },
    });
  });

  it.each([
    [
      'a ValidationException',
      validation('Could not find inference component "arn:...:inference-component/ic1".'),
    ],
    ['a ResourceNotFound', new ResourceNotFound({ message: 'not found', ...metadata400 })],
  ])('answers undefined for %s saying it is missing', async (_label, error) => {
    // Prepare
    sm.on(DescribeInferenceComponentCommand).rejects(error);

    // Act / Assess
    await expect(gateway().describeInferenceComponent('ic1')).resolves.toBeUndefined();
  });

  it('throws other failures as named errors', async () => {
    // Prepare
    sm.on(DescribeInferenceComponentCommand).rejects(validation('1 validation error detected'));

    // Act / Assess
    await expect(gateway().describeInferenceComponent('ic1')).rejects.toBeInstanceOf(AwsValidationError);
  });
});

describe('list calls follow every page with the largest page size', () => {
  it('listModels', async () => {
    // Prepare
    const { fake, seen } = paged('Models', [
      [modelSummary('a'), modelSummary('b')],
      [modelSummary('c')],
      [modelSummary('d')],
    ]);
    sm.on(ListModelsCommand).callsFake(fake);

    // Act
    const models = await gateway().listModels();

    // Assess
    expect(models.map((m) => m.ModelName)).toEqual(['a', 'b', 'c', 'd']);
    expect(seen).toEqual([
      { token: undefined, size: PAGE_SIZE },
      { token: 't1', size: PAGE_SIZE },
      { token: 't2', size: PAGE_SIZE },
    ]);
    expect(PAGE_SIZE).toBe(100);
  });

  it('listEndpoints', async () => {
    // Prepare
    const { fake, seen } = paged('Endpoints', [[endpointSummary('e1')], [endpointSummary('e2')]]);
    sm.on(ListEndpointsCommand).callsFake(fake);

    // Act
    const endpoints = await gateway().listEndpoints();

    // Assess
    expect(endpoints.map((e) => e.EndpointName)).toEqual(['e1', 'e2']);
    expect(seen.map((s) => s.token)).toEqual([undefined, 't1']);
  });

  it('listTags', async () => {
    // Prepare
    const arn = arnOf('model', 'm');
    const { fake, seen } = paged('Tags', [[{ Key: 'a', Value: '1' }], [], [{ Key: 'b', Value: '2' }]]);
    sm.on(ListTagsCommand, { ResourceArn: arn }).callsFake(fake);

    // Act
    const tags = await gateway().listTags(arn);

    // Assess
    expect(tags).toEqual([
      { Key: 'a', Value: '1' },
      { Key: 'b', Value: '2' },
    ]);
    expect(seen).toHaveLength(3);
  });

  it('listInferenceComponents, filtered on the endpoint', async () => {
    // Prepare
    const { fake, seen } = paged('InferenceComponents', [
      [{ InferenceComponentName: 'ic1', EndpointName: 'ep' }],
      [{ InferenceComponentName: 'ic2', EndpointName: 'ep' }],
    ]);
    sm.on(ListInferenceComponentsCommand, { EndpointNameEquals: 'ep' }).callsFake(fake);

    // Act
    const components = await gateway().listInferenceComponents('ep');

    // Assess
    expect(components.map((c) => c.InferenceComponentName)).toEqual(['ic1', 'ic2']);
    expect(seen.map((s) => s.token)).toEqual([undefined, 't1']);
  });

  it('answers an empty list when a page carries no items', async () => {
    // Prepare
    sm.on(ListModelsCommand).resolves({});

    // Act / Assess
    await expect(gateway().listModels()).resolves.toEqual([]);
  });

  it('stops when the service repeats its NextToken instead of paging forever', async () => {
    // Prepare
    sm.on(ListEndpointsCommand).resolves({ Endpoints: [endpointSummary('e')], NextToken: 'same' });

    // Act
    const endpoints = await gateway().listEndpoints();

    // Assess: the first page (no token) and the page for "same"; then the repeat ends it
    expect(endpoints).toHaveLength(2);
    expect(sm).toHaveReceivedCommandTimes(ListEndpointsCommand, 2);
  });

  it('translates a failure on a later page', async () => {
    // Prepare
    sm.on(ListModelsCommand)
      .resolvesOnce({ Models: [modelSummary('a')], NextToken: 't1' })
      .rejectsOnce(throttled());

    // Act / Assess
    await expect(gateway().listModels()).rejects.toBeInstanceOf(ThrottledError);
  });

  it('names a missing model for listTags on its ARN', async () => {
    // Prepare
    sm.on(ListTagsCommand).rejects(new ResourceNotFound({ message: 'not found', ...metadata400 }));

    // Act / Assess
    await expect(gateway().listTags(arnOf('model', 'm'))).rejects.toBeInstanceOf(ModelNotFoundError);
  });
});

describe('createModel', () => {
  const input = {
    ModelName: 'm-iso-abc123',
    ExecutionRoleArn: 'arn:aws:iam::123456789012:role/r',
    PrimaryContainer: { Image: '123.dkr.ecr.us-east-1.amazonaws.com/i:1' },
    EnableNetworkIsolation: true,
  } satisfies CreateModelInput;

  it('creates the model with exactly the given input', async () => {
    // Prepare
    sm.on(CreateModelCommand).resolves({ ModelArn: arnOf('model', input.ModelName) });

    // Act
    const outcome = await gateway().createModel(input);

    // Assess
    expect(outcome).toBe('created');
    expect(sm).toHaveReceivedCommandExactlyOnceWith(CreateModelCommand, input);
  });

  it('answers "exists" when the name is taken', async () => {
    // Prepare
    sm.on(CreateModelCommand).rejects(
      validation(`Cannot create already existing model "${arnOf('model', 'm-iso-abc123')}".`),
    );

    // Act / Assess
    await expect(gateway().createModel(input)).resolves.toBe('exists');
  });

  it('throws QuotaExceededError on ResourceLimitExceeded', async () => {
    // Prepare
    sm.on(CreateModelCommand).rejects(new ResourceLimitExceeded({ message: 'limit', ...metadata400 }));

    // Act / Assess
    await expect(gateway().createModel(input)).rejects.toBeInstanceOf(QuotaExceededError);
  });
});

describe('createEndpointConfig', () => {
  const input = {
    EndpointConfigName: 'cfg-iso-abc123',
    ProductionVariants: [{ VariantName: 'AllTraffic', ModelName: 'm-iso-abc123', InitialInstanceCount: 1 }],
  } satisfies CreateEndpointConfigInput;

  it('creates the config with exactly the given input', async () => {
    // Prepare
    sm.on(CreateEndpointConfigCommand).resolves({ EndpointConfigArn: arnOf('endpoint-config', 'cfg') });

    // Act
    const outcome = await gateway().createEndpointConfig(input);

    // Assess
    expect(outcome).toBe('created');
    expect(sm).toHaveReceivedCommandExactlyOnceWith(CreateEndpointConfigCommand, input);
  });

  it('answers "exists" when the name is taken', async () => {
    // Prepare
    sm.on(CreateEndpointConfigCommand).rejects(
      validation(
        `Cannot create already existing endpoint configuration "${arnOf('endpoint-config', 'cfg')}".`,
      ),
    );

    // Act / Assess
    await expect(gateway().createEndpointConfig(input)).resolves.toBe('exists');
  });

  it('throws AwsValidationError on another validation failure', async () => {
    // Prepare
    sm.on(CreateEndpointConfigCommand).rejects(
      validation('Could not find model "arn:...:model/m-iso-abc123".'),
    );
    sm.on(CreateEndpointConfigCommand, { EndpointConfigName: 'other' }).rejects(
      validation('1 validation error detected'),
    );

    // Act / Assess: a missing model is named as such; anything else stays a validation error
    await expect(gateway().createEndpointConfig(input)).rejects.toBeInstanceOf(ModelNotFoundError);
    await expect(
      gateway().createEndpointConfig({ ...input, EndpointConfigName: 'other' }),
    ).rejects.toBeInstanceOf(AwsValidationError);
  });
});

describe('updateEndpoint', () => {
  const input = {
    EndpointName: 'ep',
    EndpointConfigName: 'cfg-iso-abc123',
    RetainAllVariantProperties: true,
  } satisfies UpdateEndpointInput;

  it('sends the update as given', async () => {
    // Prepare
    sm.on(UpdateEndpointCommand).resolves({ EndpointArn: arnOf('endpoint', 'ep') });

    // Act
    await gateway().updateEndpoint(input);

    // Assess
    expect(sm).toHaveReceivedCommandExactlyOnceWith(UpdateEndpointCommand, input);
  });

  it('throws EndpointBusyError while another update is in progress', async () => {
    // Prepare
    sm.on(UpdateEndpointCommand).rejects(
      validation(`Cannot update in-progress endpoint "${arnOf('endpoint', 'ep')}".`),
    );

    // Act / Assess
    await expect(gateway().updateEndpoint(input)).rejects.toBeInstanceOf(EndpointBusyError);
  });

  it('throws EndpointNotFoundError when the endpoint is gone', async () => {
    // Prepare
    sm.on(UpdateEndpointCommand).rejects(endpointMissing('ep'));

    // Act / Assess
    await expect(gateway().updateEndpoint(input)).rejects.toBeInstanceOf(EndpointNotFoundError);
  });
});

describe('deletes', () => {
  it('deleteModel answers "deleted", then "absent" once it is gone', async () => {
    // Prepare
    sm.on(DeleteModelCommand, { ModelName: 'old' }).resolvesOnce({}).rejects(modelMissing('old'));
    const port = gateway();

    // Act
    const outcomes = [await port.deleteModel('old'), await port.deleteModel('old')];

    // Assess
    expect(outcomes).toEqual(['deleted', 'absent']);
  });

  it('deleteEndpointConfig answers "deleted", then "absent" once it is gone', async () => {
    // Prepare
    sm.on(DeleteEndpointConfigCommand, { EndpointConfigName: 'cfg' })
      .resolvesOnce({})
      .rejects(configMissing('cfg'));
    const port = gateway();

    // Act
    const outcomes = [await port.deleteEndpointConfig('cfg'), await port.deleteEndpointConfig('cfg')];

    // Assess
    expect(outcomes).toEqual(['deleted', 'absent']);
  });

  it('throws other failures of a delete', async () => {
    // Prepare
    sm.on(DeleteModelCommand).rejects(unmodeled('AccessDeniedException', 'explicit deny', 403));

    // Act / Assess
    await expect(gateway().deleteModel('old')).rejects.toBeInstanceOf(AccessDeniedError);
  });
});

describe('addTags', () => {
  it('tags the resource', async () => {
    // Prepare
    const arn = arnOf('model', 'old');
    const tags = [{ Key: 'sm5:superseded-by', Value: 'old-iso-abc123' }];
    sm.on(AddTagsCommand).resolves({ Tags: tags });

    // Act
    await gateway().addTags(arn, tags);

    // Assess
    expect(sm).toHaveReceivedCommandExactlyOnceWith(AddTagsCommand, { ResourceArn: arn, Tags: tags });
  });

  it('makes no call for no tags', async () => {
    // Act
    await gateway().addTags(arnOf('model', 'old'), []);

    // Assess
    expect(sm).not.toHaveReceivedAnyCommand();
  });

  it('names a missing endpoint config from its ARN', async () => {
    // Prepare
    sm.on(AddTagsCommand).rejects(new ResourceNotFound({ message: 'not found', ...metadata400 }));

    // Act
    const failure = gateway().addTags(arnOf('endpoint-config', 'cfg'), [{ Key: 'k', Value: 'v' }]);

    // Assess
    await expect(failure).rejects.toHaveProperty('name', 'EndpointConfigNotFoundError');
  });
});
