/** CreateEndpointConfig, DescribeEndpointConfig, ListEndpointConfigs, DeleteEndpointConfig. */
import { validationError } from '../service.ts';
import { parseRequest } from './constraints.ts';
import { type CreateOptions, type SageMakerContext, wireTime } from './context.ts';
import { alreadyExists, notFound, serverlessIsolation } from './messages.ts';
import { assertUniqueTagKeys, requireModel } from './models.ts';
import { nameContains, paginate, withinTimes } from './pagination.ts';
import {
  type CreateEndpointConfigInput,
  CreateEndpointConfigInput as CreateEndpointConfigSchema,
  EndpointConfigNameInput,
  ListEndpointConfigsInput,
  type ProductionVariant,
} from './shapes.ts';
import { type EndpointConfigRecord, SageMakerState } from './state.ts';

export function allVariants(config: CreateEndpointConfigInput): ProductionVariant[] {
  return [...config.ProductionVariants, ...(config.ShadowProductionVariants ?? [])];
}

export function findEndpointConfig(ctx: SageMakerContext, name: string): EndpointConfigRecord | undefined {
  return SageMakerState.exact(ctx.state.endpointConfigs, name);
}

export function requireEndpointConfig(ctx: SageMakerContext, name: string): EndpointConfigRecord {
  const config = findEndpointConfig(ctx, name);
  if (config === undefined) throw notFound('endpoint configuration', ctx.state.arn('endpoint-config', name));
  return config;
}

/**
 * What SageMaker checks before it accepts a config (and again before deploying one): every model exists,
 * and no serverless variant serves an isolated model, because serverless inference does not support
 * network isolation.
 */
export function assertServable(ctx: SageMakerContext, config: CreateEndpointConfigInput): void {
  for (const variant of allVariants(config)) {
    if (variant.ModelName === undefined) continue;
    const model = requireModel(ctx, variant.ModelName);
    if (variant.ServerlessConfig !== undefined && model.input.EnableNetworkIsolation === true) {
      throw serverlessIsolation(variant.VariantName, model.arn);
    }
  }
}

// The wording of these rule violations is unverified; the rules are SageMaker's.
function assertVariantsWellFormed(config: CreateEndpointConfigInput): void {
  const names = new Set<string>();
  for (const variant of allVariants(config)) {
    if (names.has(variant.VariantName)) {
      throw validationError(
        `Variant name "${variant.VariantName}" is used more than once in the endpoint configuration.`,
      );
    }
    names.add(variant.VariantName);
    const serverless = variant.ServerlessConfig !== undefined;
    const instances = variant.InstanceType !== undefined || variant.InitialInstanceCount !== undefined;
    if (serverless && instances) {
      throw validationError(
        `Production variant ${variant.VariantName} cannot specify both ServerlessConfig and InstanceType or InitialInstanceCount.`,
      );
    }
    if (!serverless && variant.InstanceType === undefined && variant.InstancePools === undefined) {
      throw validationError(
        `Production variant ${variant.VariantName} must specify either InstanceType or ServerlessConfig.`,
      );
    }
    if (variant.ModelName !== undefined && !serverless && variant.InitialInstanceCount === undefined) {
      throw validationError(`Production variant ${variant.VariantName} must specify InitialInstanceCount.`);
    }
  }
  // Whether serverless variants may share a config with others is not documented clearly: the sandbox
  // allows it, so callers must cope with the mix rather than rely on it being impossible.
  const hasServerless = allVariants(config).some((v) => v.ServerlessConfig !== undefined);
  if (hasServerless && config.EnableNetworkIsolation === true) {
    throw validationError('Network isolation is not supported for serverless endpoints.');
  }
  // The config-level flag isolates inference components; model-based variants carry it on the model.
  const withModel = allVariants(config).find((v) => v.ModelName !== undefined);
  if (config.EnableNetworkIsolation === true && withModel !== undefined) {
    throw validationError(
      `EnableNetworkIsolation on an endpoint configuration is supported only for inference component endpoints, but production variant ${withModel.VariantName} specifies a model.`,
    );
  }
}

export function createEndpointConfig(
  ctx: SageMakerContext,
  raw: unknown,
  options: CreateOptions = {},
): { EndpointConfigArn: string } {
  const input = parseRequest(CreateEndpointConfigSchema, raw);
  const arn = ctx.state.arn('endpoint-config', input.EndpointConfigName);
  const key = input.EndpointConfigName.toLowerCase();
  if (ctx.state.endpointConfigs.has(key)) throw alreadyExists('endpoint configuration', arn);
  assertVariantsWellFormed(input);
  assertServable(ctx, input);
  assertUniqueTagKeys(input.Tags);
  ctx.state.endpointConfigs.set(key, {
    name: input.EndpointConfigName,
    arn,
    input,
    creationTime: options.seededAt ?? ctx.store.clock.now(),
    seq: ctx.state.nextSeq(),
  });
  if (input.Tags !== undefined) ctx.state.setTags(arn, input.Tags);
  return { EndpointConfigArn: arn };
}

export function describeEndpointConfig(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const { EndpointConfigName } = parseRequest(EndpointConfigNameInput, raw);
  const config = requireEndpointConfig(ctx, EndpointConfigName);
  const { Tags: _tags, EndpointConfigName: _name, ...members } = config.input;
  return {
    EndpointConfigName: config.name,
    EndpointConfigArn: config.arn,
    ...members,
    CreationTime: wireTime(config.creationTime),
  };
}

export function listEndpointConfigs(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(ListEndpointConfigsInput, raw);
  const { NameContains, CreationTimeBefore, CreationTimeAfter } = input;
  const matching = [...ctx.state.endpointConfigs.values()].filter(
    (c) =>
      nameContains(c.name, NameContains) &&
      withinTimes(c.creationTime, CreationTimeBefore, CreationTimeAfter),
  );
  const page = paginate(matching, input, {
    operation: 'ListEndpointConfigs',
    filters: [NameContains, CreationTimeBefore, CreationTimeAfter],
    sortValue: (c, sortBy) => (sortBy === 'Name' ? c.name : c.creationTime),
  });
  return {
    EndpointConfigs: page.items.map((c) => ({
      EndpointConfigName: c.name,
      EndpointConfigArn: c.arn,
      CreationTime: wireTime(c.creationTime),
    })),
    NextToken: page.nextToken,
  };
}

/** Allowed while endpoints use the config: they keep running on what was deployed. */
export function deleteEndpointConfig(ctx: SageMakerContext, raw: unknown): undefined {
  const { EndpointConfigName } = parseRequest(EndpointConfigNameInput, raw);
  const config = requireEndpointConfig(ctx, EndpointConfigName);
  ctx.state.endpointConfigs.delete(config.name.toLowerCase());
  ctx.state.dropTags(config.arn);
  return undefined;
}
