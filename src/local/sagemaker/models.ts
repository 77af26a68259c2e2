/** CreateModel, DescribeModel, ListModels, DeleteModel. */
import { validationError } from '../service.ts';
import { parseRequest } from './constraints.ts';
import { type CreateOptions, type SageMakerContext, wireTime } from './context.ts';
import { alreadyExists, notFound } from './messages.ts';
import { nameContains, paginate, withinTimes } from './pagination.ts';
import {
  type ContainerDefinition,
  CreateModelInput,
  ListModelsInput,
  ModelNameInput,
  type Tag,
} from './shapes.ts';
import { type ModelRecord, SageMakerState } from './state.ts';

/** The containers of a model, whichever member holds them. */
export function modelContainers(model: ModelRecord): ContainerDefinition[] {
  const { PrimaryContainer, Containers } = model.input;
  return PrimaryContainer !== undefined ? [PrimaryContainer] : [...(Containers ?? [])];
}

export function findModel(ctx: SageMakerContext, name: string): ModelRecord | undefined {
  return SageMakerState.exact(ctx.state.models, name);
}

export function requireModel(ctx: SageMakerContext, name: string): ModelRecord {
  const model = findModel(ctx, name);
  if (model === undefined) throw notFound('model', ctx.state.arn('model', name));
  return model;
}

/** Unverified wording for the unmodeled rule that tag keys are unique within a request. */
export function assertUniqueTagKeys(tags: readonly Tag[] | undefined): void {
  const keys = new Set<string>();
  for (const tag of tags ?? []) {
    if (keys.has(tag.Key)) throw validationError(`Duplicate tag key "${tag.Key}" in the request.`);
    keys.add(tag.Key);
  }
}

function checkContainers(input: CreateModelInput): void {
  const { PrimaryContainer, Containers, InferenceExecutionConfig } = input;
  // Unverified wording for the rules below; the rules themselves are SageMaker's.
  if (PrimaryContainer !== undefined && Containers !== undefined) {
    throw validationError('Only one of PrimaryContainer or Containers can be specified.');
  }
  if (PrimaryContainer === undefined && (Containers === undefined || Containers.length === 0)) {
    throw validationError('Either PrimaryContainer or Containers must be specified.');
  }
  if (InferenceExecutionConfig !== undefined && PrimaryContainer !== undefined) {
    throw validationError('InferenceExecutionConfig can only be specified for a model with Containers.');
  }
  const containers = PrimaryContainer !== undefined ? [PrimaryContainer] : (Containers ?? []);
  containers.forEach((container, index) => {
    if (container.Image === undefined && container.ModelPackageName === undefined) {
      throw validationError(`Container ${index + 1} must specify either Image or ModelPackageName.`);
    }
  });
}

export function createModel(
  ctx: SageMakerContext,
  raw: unknown,
  options: CreateOptions = {},
): { ModelArn: string } {
  const input = parseRequest(CreateModelInput, raw);
  const arn = ctx.state.arn('model', input.ModelName);
  const key = input.ModelName.toLowerCase();
  if (ctx.state.models.has(key)) throw alreadyExists('model', arn);
  checkContainers(input);
  assertUniqueTagKeys(input.Tags);
  const record: ModelRecord = {
    name: input.ModelName,
    arn,
    input,
    creationTime: options.seededAt ?? ctx.store.clock.now(),
    seq: ctx.state.nextSeq(),
  };
  ctx.state.models.set(key, record);
  if (input.Tags !== undefined) ctx.state.setTags(arn, input.Tags);
  return { ModelArn: arn };
}

// DescribeModel fills in what SageMaker defaults: Mode and an empty Environment on each container.
function describeContainer(container: ContainerDefinition): Record<string, unknown> {
  return { ...container, Mode: container.Mode ?? 'SingleModel', Environment: container.Environment ?? {} };
}

export function describeModel(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const { ModelName } = parseRequest(ModelNameInput, raw);
  const model = requireModel(ctx, ModelName);
  const { input } = model;
  return {
    ModelName: model.name,
    PrimaryContainer: input.PrimaryContainer && describeContainer(input.PrimaryContainer),
    Containers: input.Containers?.map(describeContainer),
    InferenceExecutionConfig: input.InferenceExecutionConfig,
    ExecutionRoleArn: input.ExecutionRoleArn,
    VpcConfig: input.VpcConfig,
    CreationTime: wireTime(model.creationTime),
    ModelArn: model.arn,
    EnableNetworkIsolation: input.EnableNetworkIsolation ?? false,
    // Output only, as on the real service: a faithful clone must leave it out of CreateModel.
    DeploymentRecommendation: {
      RecommendationStatus: 'NOT_APPLICABLE',
      RealTimeInferenceRecommendations: [],
    },
  };
}

export function listModels(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(ListModelsInput, raw);
  const { NameContains, CreationTimeBefore, CreationTimeAfter } = input;
  const matching = [...ctx.state.models.values()].filter(
    (m) =>
      nameContains(m.name, NameContains) &&
      withinTimes(m.creationTime, CreationTimeBefore, CreationTimeAfter),
  );
  const page = paginate(matching, input, {
    operation: 'ListModels',
    filters: [NameContains, CreationTimeBefore, CreationTimeAfter],
    sortValue: (m, sortBy) => (sortBy === 'Name' ? m.name : m.creationTime),
  });
  return {
    Models: page.items.map((m) => ({
      ModelName: m.name,
      ModelArn: m.arn,
      CreationTime: wireTime(m.creationTime),
    })),
    NextToken: page.nextToken,
  };
}

/** SageMaker lets you delete a model that endpoints still serve; they keep running. */
export function deleteModel(ctx: SageMakerContext, raw: unknown): undefined {
  const { ModelName } = parseRequest(ModelNameInput, raw);
  const model = requireModel(ctx, ModelName);
  ctx.state.models.delete(model.name.toLowerCase());
  ctx.state.dropTags(model.arn);
  return undefined;
}
