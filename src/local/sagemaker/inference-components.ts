/**
 * CreateInferenceComponent, DescribeInferenceComponent, ListInferenceComponents. An inference component
 * places a model on a variant of an InService endpoint whose config names no model for that variant; it
 * moves Creating → InService (or Failed) on the sandbox clock like an endpoint.
 */
import { validationError } from '../service.ts';
import { parseRequest } from './constraints.ts';
import { type CreateOptions, type SageMakerContext, wireTime } from './context.ts';
import { resolveImage } from './deployment.ts';
import { requireEndpoint, visibleStatus } from './endpoints.ts';
import { alreadyExists, componentHealthCheckFailure, notFound } from './messages.ts';
import { assertUniqueTagKeys, findModel, modelContainers, requireModel } from './models.ts';
import { containersNetworkNeeds, environmentNetworkNeeds } from './network-needs.ts';
import { nameContains, paginate, withinTimes } from './pagination.ts';
import {
  CreateInferenceComponentInput,
  InferenceComponentNameInput,
  ListInferenceComponentsInput,
} from './shapes.ts';
import { type InferenceComponentRecord, SageMakerState } from './state.ts';

function requireComponent(ctx: SageMakerContext, name: string): InferenceComponentRecord {
  const component = SageMakerState.exact(ctx.state.inferenceComponents, name);
  if (component === undefined)
    throw notFound('inference component', ctx.state.arn('inference-component', name));
  return component;
}

function healthFailure(ctx: SageMakerContext, component: InferenceComponentRecord): string | undefined {
  const { Specification } = component.input;
  const endpoint = SageMakerState.exact(ctx.state.endpoints, component.endpointName);
  const configIsolated = endpoint?.current?.config.EnableNetworkIsolation === true;
  const model = Specification.ModelName === undefined ? undefined : findModel(ctx, Specification.ModelName);
  const isolated = configIsolated || model?.input.EnableNetworkIsolation === true;
  const needs = [
    ...(model === undefined ? [] : containersNetworkNeeds(modelContainers(model))),
    ...environmentNetworkNeeds(Specification.Container?.Environment),
  ];
  return isolated && needs.length > 0 ? componentHealthCheckFailure(component.name) : undefined;
}

export function createInferenceComponent(
  ctx: SageMakerContext,
  raw: unknown,
  options: CreateOptions = {},
): { InferenceComponentArn: string } {
  const input = parseRequest(CreateInferenceComponentInput, raw);
  const arn = ctx.state.arn('inference-component', input.InferenceComponentName);
  const key = input.InferenceComponentName.toLowerCase();
  if (ctx.state.inferenceComponents.has(key)) throw alreadyExists('inference component', arn);
  const endpoint = requireEndpoint(ctx, input.EndpointName);
  // Unverified wording for the rules below; the rules are SageMaker's.
  const status = visibleStatus(ctx, endpoint);
  if (status !== 'InService' || endpoint.current === undefined) {
    throw validationError(
      `Cannot create inference component "${arn}" on endpoint "${endpoint.arn}" in status ${status}.`,
    );
  }
  const variant = endpoint.current.variants.find((v) => v.variantName === input.VariantName);
  if (variant === undefined) {
    throw validationError(`Variant ${input.VariantName} does not exist on endpoint "${endpoint.arn}".`);
  }
  if (variant.modelName !== undefined) {
    throw validationError(
      `Variant ${input.VariantName} of endpoint "${endpoint.arn}" serves model ${variant.modelName}; inference components need a variant without a model.`,
    );
  }
  const { Specification } = input;
  if (Specification.ModelName === undefined && Specification.Container === undefined) {
    throw validationError('The inference component Specification must name a ModelName or a Container.');
  }
  const model =
    Specification.ModelName === undefined ? undefined : requireModel(ctx, Specification.ModelName);
  assertUniqueTagKeys(input.Tags);
  const now = options.seededAt ?? ctx.store.clock.now();
  const image = Specification.Container?.Image ?? (model && modelContainers(model)[0]?.Image);
  const component: InferenceComponentRecord = {
    name: input.InferenceComponentName,
    arn,
    input,
    endpointName: endpoint.name,
    endpointArn: endpoint.arn,
    creationTime: now,
    seq: ctx.state.nextSeq(),
    status: 'Creating',
    failureReason: undefined,
    lastModifiedTime: now,
    currentCopyCount: 0,
    deployedImage: image === undefined ? undefined : resolveImage(image, now),
  };
  ctx.state.inferenceComponents.set(key, component);
  if (input.Tags !== undefined) ctx.state.setTags(arn, input.Tags);
  const copies = input.RuntimeConfig?.CopyCount ?? 1;
  const finish = (at: number): void => {
    if (ctx.state.inferenceComponents.get(key) !== component) return;
    const failure = options.seededAt === undefined ? healthFailure(ctx, component) : undefined;
    component.lastModifiedTime = at;
    component.status = failure === undefined ? 'InService' : 'Failed';
    component.failureReason = failure;
    component.currentCopyCount = failure === undefined ? copies : 0;
  };
  if (options.seededAt !== undefined) {
    finish(now);
  } else {
    const due = now + ctx.store.transitionSeconds * 1000;
    ctx.store.schedule(due, () => finish(due));
  }
  return { InferenceComponentArn: arn };
}

export function describeInferenceComponent(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const { InferenceComponentName } = parseRequest(InferenceComponentNameInput, raw);
  const component = requireComponent(ctx, InferenceComponentName);
  const { Specification, RuntimeConfig, VariantName } = component.input;
  const { Container, ...specification } = Specification;
  return {
    InferenceComponentName: component.name,
    InferenceComponentArn: component.arn,
    EndpointName: component.endpointName,
    EndpointArn: component.endpointArn,
    VariantName,
    FailureReason: component.failureReason,
    Specification: {
      ...specification,
      Container:
        Container === undefined && component.deployedImage === undefined
          ? undefined
          : {
              DeployedImage: component.deployedImage && {
                ...component.deployedImage,
                ResolutionTime: wireTime(component.deployedImage.ResolutionTime),
              },
              ArtifactUrl: Container?.ArtifactUrl,
              Environment: Container?.Environment,
            },
    },
    RuntimeConfig: {
      DesiredCopyCount: RuntimeConfig?.CopyCount ?? 1,
      CurrentCopyCount: component.currentCopyCount,
    },
    CreationTime: wireTime(component.creationTime),
    LastModifiedTime: wireTime(component.lastModifiedTime),
    InferenceComponentStatus: component.status,
  };
}

export function listInferenceComponents(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(ListInferenceComponentsInput, raw);
  const {
    NameContains,
    CreationTimeBefore,
    CreationTimeAfter,
    LastModifiedTimeBefore,
    LastModifiedTimeAfter,
  } = input;
  const matching = [...ctx.state.inferenceComponents.values()].filter(
    (c) =>
      nameContains(c.name, NameContains) &&
      withinTimes(c.creationTime, CreationTimeBefore, CreationTimeAfter) &&
      withinTimes(c.lastModifiedTime, LastModifiedTimeBefore, LastModifiedTimeAfter) &&
      (input.StatusEquals === undefined || c.status === input.StatusEquals) &&
      (input.EndpointNameEquals === undefined || c.endpointName === input.EndpointNameEquals) &&
      (input.VariantNameEquals === undefined || c.input.VariantName === input.VariantNameEquals),
  );
  const page = paginate(matching, input, {
    operation: 'ListInferenceComponents',
    filters: [
      NameContains,
      CreationTimeBefore,
      CreationTimeAfter,
      LastModifiedTimeBefore,
      LastModifiedTimeAfter,
      input.StatusEquals,
      input.EndpointNameEquals,
      input.VariantNameEquals,
    ],
    sortValue: (c, sortBy) => (sortBy === 'Name' ? c.name : sortBy === 'Status' ? c.status : c.creationTime),
  });
  return {
    InferenceComponents: page.items.map((c) => ({
      CreationTime: wireTime(c.creationTime),
      InferenceComponentArn: c.arn,
      InferenceComponentName: c.name,
      EndpointArn: c.endpointArn,
      EndpointName: c.endpointName,
      VariantName: c.input.VariantName,
      InferenceComponentStatus: c.status,
      LastModifiedTime: wireTime(c.lastModifiedTime),
    })),
    NextToken: page.nextToken,
  };
}
