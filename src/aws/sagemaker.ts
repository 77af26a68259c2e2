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

async function collect<P, I>(pages: AsyncIterable<P>, itemsOf: (page: P) => I[] | undefined): Promise<I[]> {
  const items: I[] = [];
  for await (const page of pages) items.push(...(itemsOf(page) ?? []));
  return items;
}

export function sagemakerGateway(client: SageMakerClient): SageMakerPort {
  // stopOnSameToken: a service that repeats its NextToken would otherwise be paged forever.
  const paging: SageMakerPaginationConfiguration = { client, pageSize: PAGE_SIZE, stopOnSameToken: true };

  return {
    describeModel: (name) =>
      orWhenMissing(
        async () => withoutMetadata(await client.send(new DescribeModelCommand({ ModelName: name }))),
        ModelNotFoundError,
        undefined,
        { operation: 'DescribeModel', resource: 'model', name },
      ),

    listTags: (arn) =>
      translated(() => collect(paginateListTags(paging, { ResourceArn: arn }), (page) => page.Tags), {
        operation: 'ListTags',
        resource: resourceKindOfArn(arn),
        name: arn,
      }),

    listModels: () =>
      translated<ModelSummary[]>(() => collect(paginateListModels(paging, {}), (page) => page.Models), {
        operation: 'ListModels',
      }),

    listEndpoints: () =>
      translated<EndpointSummary[]>(
        () => collect(paginateListEndpoints(paging, {}), (page) => page.Endpoints),
        {
          operation: 'ListEndpoints',
        },
      ),

    describeEndpoint: (name) =>
      orWhenMissing(
        async () => withoutMetadata(await client.send(new DescribeEndpointCommand({ EndpointName: name }))),
        EndpointNotFoundError,
        undefined,
        { operation: 'DescribeEndpoint', resource: 'endpoint', name },
      ),

    describeEndpointConfig: (name) =>
      orWhenMissing(
        async () =>
          withoutMetadata(await client.send(new DescribeEndpointConfigCommand({ EndpointConfigName: name }))),
        EndpointConfigNotFoundError,
        undefined,
        { operation: 'DescribeEndpointConfig', resource: 'endpoint-config', name },
      ),

    listInferenceComponents: (endpointName) =>
      translated<InferenceComponentSummary[]>(
        () =>
          collect(
            paginateListInferenceComponents(paging, { EndpointNameEquals: endpointName }),
            (page) => page.InferenceComponents,
          ),
        { operation: 'ListInferenceComponents', resource: 'endpoint', name: endpointName },
      ),

    describeInferenceComponent: async (name) => {
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
    },

    createModel: (input: CreateModelInput) =>
      create(() => client.send(new CreateModelCommand(input)), {
        operation: 'CreateModel',
        resource: 'model',
        name: input.ModelName,
      }),

    createEndpointConfig: (input: CreateEndpointConfigInput) =>
      create(() => client.send(new CreateEndpointConfigCommand(input)), {
        operation: 'CreateEndpointConfig',
        resource: 'endpoint-config',
        name: input.EndpointConfigName,
      }),

    // An in-progress endpoint surfaces as EndpointBusyError through toDomainError: transient, retried.
    updateEndpoint: async (input: UpdateEndpointInput) => {
      await translated(() => client.send(new UpdateEndpointCommand(input)), {
        operation: 'UpdateEndpoint',
        resource: 'endpoint',
        name: input.EndpointName,
      });
    },

    deleteModel: (name) =>
      orWhenMissing<DeleteOutcome, DeleteOutcome>(
        async () => {
          await client.send(new DeleteModelCommand({ ModelName: name }));
          return 'deleted';
        },
        ModelNotFoundError,
        'absent',
        { operation: 'DeleteModel', resource: 'model', name },
      ),

    deleteEndpointConfig: (name) =>
      orWhenMissing<DeleteOutcome, DeleteOutcome>(
        async () => {
          await client.send(new DeleteEndpointConfigCommand({ EndpointConfigName: name }));
          return 'deleted';
        },
        EndpointConfigNotFoundError,
        'absent',
        { operation: 'DeleteEndpointConfig', resource: 'endpoint-config', name },
      ),

    addTags: async (arn: string, tags: Tag[]) => {
      // Nothing to tag: skip the round trip rather than send an empty list.
      if (tags.length === 0) return;
      await translated(() => client.send(new AddTagsCommand({ ResourceArn: arn, Tags: tags })), {
        operation: 'AddTags',
        resource: resourceKindOfArn(arn),
        name: arn,
      });
    },
  };
}
