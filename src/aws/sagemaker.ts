/**
 * SageMakerPort over the AWS SDK v3. Every failure leaves as a named domain error (see ./errors.ts);
 * "not found" and "already exists" are ordinary answers here, because a step re-run after a crash meets them.
 */
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
  type InferenceComponentSummary,
  type ModelSummary,
  paginateListEndpoints,
  paginateListInferenceComponents,
  paginateListModels,
  paginateListTags,
  type SageMakerClient,
  type SageMakerPaginationConfiguration,
  type Tag,
  UpdateEndpointCommand,
  type UpdateEndpointInput,
} from '@aws-sdk/client-sagemaker';
import { EndpointConfigNotFoundError, EndpointNotFoundError, ModelNotFoundError } from '../domain/errors.ts';
import type { CreateOutcome, DeleteOutcome, SageMakerPort } from '../domain/ports.ts';
import {
  type AwsErrorContext,
  isAlreadyExists,
  isInferenceComponentMissing,
  resourceKindOfArn,
  toDomainError,
} from './errors.ts';

/** The largest page every list call used here accepts: fewer round trips on big accounts. */
export const PAGE_SIZE = 100;

type NotFoundClass =
  | typeof ModelNotFoundError
  | typeof EndpointNotFoundError
  | typeof EndpointConfigNotFoundError;

/** Runs `call`; a not-found of the given class becomes `onMissing`, anything else a named domain error. */
async function orWhenMissing<T, M>(
  call: () => Promise<T>,
  notFound: NotFoundClass,
  onMissing: M,
  context: AwsErrorContext,
): Promise<T | M> {
  try {
    return await call();
  } catch (e) {
    const error = toDomainError(e, context);
    if (error instanceof notFound) return onMissing;
    throw error;
  }
}

async function translated<T>(call: () => Promise<T>, context: AwsErrorContext): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toDomainError(e, context);
  }
}

async function create(call: () => Promise<unknown>, context: AwsErrorContext): Promise<CreateOutcome> {
  try {
    await call();
    return 'created';
  } catch (e) {
    if (isAlreadyExists(e)) return 'exists';
    throw toDomainError(e, context);
  }
}

// Request metadata is not part of the resource: leaving it out keeps clones built by spreading clean.
function withoutMetadata<T extends { $metadata?: unknown }>(output: T): Omit<T, '$metadata'> {
  const { $metadata, ...rest } = output;
  return rest;
}

// stopOnSameToken: a service that repeats its NextToken would otherwise be paged forever.
function paging(client: SageMakerClient): SageMakerPaginationConfiguration {
  return { client, pageSize: PAGE_SIZE, stopOnSameToken: true };
}

async function collect<P, I>(pages: AsyncIterable<P>, itemsOf: (page: P) => I[] | undefined): Promise<I[]> {
  const items: I[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

/** One SageMakerPort operation over a client. */
type Operation<K extends keyof SageMakerPort> = (client: SageMakerClient) => SageMakerPort[K];

// Each operation stands alone, so a Lambda that builds only the operations its step calls bundles only
// those commands and their schemas: fewer bytes to compile and fewer schemas to build at every cold start.

export const describeModel: Operation<'describeModel'> = (client) => (name) =>
  orWhenMissing(
    async () => withoutMetadata(await client.send(new DescribeModelCommand({ ModelName: name }))),
    ModelNotFoundError,
    undefined,
    { operation: 'DescribeModel', resource: 'model', name },
  );

export const listTags: Operation<'listTags'> = (client) => (arn) =>
  translated(() => collect(paginateListTags(paging(client), { ResourceArn: arn }), (page) => page.Tags), {
    operation: 'ListTags',
    resource: resourceKindOfArn(arn),
    name: arn,
  });

export const listModels: Operation<'listModels'> = (client) => () =>
  translated<ModelSummary[]>(() => collect(paginateListModels(paging(client), {}), (page) => page.Models), {
    operation: 'ListModels',
  });

export const listEndpoints: Operation<'listEndpoints'> = (client) => () =>
  translated<EndpointSummary[]>(
    () => collect(paginateListEndpoints(paging(client), {}), (page) => page.Endpoints),
    { operation: 'ListEndpoints' },
  );

export const describeEndpoint: Operation<'describeEndpoint'> = (client) => (name) =>
  orWhenMissing(
    async () => withoutMetadata(await client.send(new DescribeEndpointCommand({ EndpointName: name }))),
    EndpointNotFoundError,
    undefined,
    { operation: 'DescribeEndpoint', resource: 'endpoint', name },
  );

export const describeEndpointConfig: Operation<'describeEndpointConfig'> = (client) => (name) =>
  orWhenMissing(
    async () =>
      withoutMetadata(await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))),
    EndpointConfigNotFoundError,
    undefined,
    { operation: 'DescribeEndpointConfig', resource: 'endpoint-config', name },
  );

export const listInferenceComponents: Operation<'listInferenceComponents'> = (client) => (endpointName) =>
  translated<InferenceComponentSummary[]>(
    () =>
      collect(
        paginateListInferenceComponents(paging(client), { EndpointNameEquals: endpointName }),
        (page) => page.InferenceComponents,
      ),
    { operation: 'ListInferenceComponents', resource: 'endpoint', name: endpointName },
  );

export const describeInferenceComponent: Operation<'describeInferenceComponent'> =
  (client) => async (name) => {
    try {
      return withoutMetadata(
        await client.send(new DescribeInferenceComponentCommand({ InferenceComponentName: name })),
      );
    } catch (e) {
      if (isInferenceComponentMissing(e)) return undefined;
      throw toDomainError(e, {
        operation: 'DescribeInferenceComponent',
        resource: 'inference-component',
        name,
      });
    }
  };

export const createModel: Operation<'createModel'> = (client) => (input: CreateModelInput) =>
  create(() => client.send(new CreateModelCommand(input)), {
    operation: 'CreateModel',
    resource: 'model',
    name: input.ModelName,
  });

export const createEndpointConfig: Operation<'createEndpointConfig'> =
  (client) => (input: CreateEndpointConfigInput) =>
    create(() => client.send(new CreateEndpointConfigCommand(input)), {
      operation: 'CreateEndpointConfig',
      resource: 'endpoint-config',
      name: input.EndpointConfigName,
    });

// An in-progress endpoint surfaces as EndpointBusyError through toDomainError: transient, retried.
export const updateEndpoint: Operation<'updateEndpoint'> = (client) => async (input: UpdateEndpointInput) => {
  await translated(() => client.send(new UpdateEndpointCommand(input)), {
    operation: 'UpdateEndpoint',
    resource: 'endpoint',
    name: input.EndpointName,
  });
};

export const deleteModel: Operation<'deleteModel'> = (client) => (name) =>
  orWhenMissing<DeleteOutcome, DeleteOutcome>(
    async () => {
      await client.send(new DeleteModelCommand({ ModelName: name }));
      return 'deleted';
    },
    ModelNotFoundError,
    'absent',
    { operation: 'DeleteModel', resource: 'model', name },
  );

export const deleteEndpointConfig: Operation<'deleteEndpointConfig'> = (client) => (name) =>
  orWhenMissing<DeleteOutcome, DeleteOutcome>(
    async () => {
      await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
      return 'deleted';
    },
    EndpointConfigNotFoundError,
    'absent',
    { operation: 'DeleteEndpointConfig', resource: 'endpoint-config', name },
  );

export const addTags: Operation<'addTags'> = (client) => async (arn: string, tags: Tag[]) => {
  // Nothing to tag: skip the round trip rather than send an empty list.
  if (tags.length === 0) return;
  await translated(() => client.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags })), {
    operation: 'AddTags',
    resource: resourceKindOfArn(arn),
    name: arn,
  });
};

/** Every operation: for the CLI and the sandbox, which call them all. Lambdas build only their step's. */
export function sagemakerGateway(client: SageMakerClient): SageMakerPort {
  return {
    describeModel: describeModel(client),
    listTags: listTags(client),
    listModels: listModels(client),
    listEndpoints: listEndpoints(client),
    describeEndpoint: describeEndpoint(client),
    describeEndpointConfig: describeEndpointConfig(client),
    listInferenceComponents: listInferenceComponents(client),
    describeInferenceComponent: describeInferenceComponent(client),
    createModel: createModel(client),
    createEndpointConfig: createEndpointConfig(client),
    updateEndpoint: updateEndpoint(client),
    deleteModel: deleteModel(client),
    deleteEndpointConfig: deleteEndpointConfig(client),
    addTags: addTags(client),
  };
}
