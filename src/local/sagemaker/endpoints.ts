/** CreateEndpoint, DescribeEndpoint, ListEndpoints, UpdateEndpoint, DeleteEndpoint. */
import { parseRequest } from './constraints.ts';
import { type CreateOptions, type SageMakerContext, wireTime } from './context.ts';
import { deploymentOf, retainVariantProperties, startDeployment } from './deployment.ts';
import { assertServable, requireEndpointConfig } from './endpoint-configs.ts';
import { alreadyExists, notFound, updateFailedEndpoint, updateInProgress } from './messages.ts';
import { assertUniqueTagKeys } from './models.ts';
import { nameContains, paginate, withinTimes } from './pagination.ts';
import {
  CreateEndpointInput,
  type DataCaptureConfig,
  EndpointNameInput,
  type EndpointStatus,
  ListEndpointsInput,
  UpdateEndpointInput,
} from './shapes.ts';
import { type EndpointRecord, SageMakerState, type VariantState } from './state.ts';

export function findEndpoint(ctx: SageMakerContext, name: string): EndpointRecord | undefined {
  return SageMakerState.exact(ctx.state.endpoints, name);
}

export function requireEndpoint(ctx: SageMakerContext, name: string): EndpointRecord {
  const endpoint = findEndpoint(ctx, name);
  if (endpoint === undefined) throw notFound('endpoint', ctx.state.arn('endpoint', name));
  return endpoint;
}

/** The status clients see: an InService endpoint under a scripted platform update shows SystemUpdating. */
export function visibleStatus(ctx: SageMakerContext, endpoint: EndpointRecord): EndpointStatus {
  if (endpoint.status === 'InService' && ctx.faults.isEndpointBusy(endpoint.name)) return 'SystemUpdating';
  return endpoint.status;
}

export function createEndpoint(
  ctx: SageMakerContext,
  raw: unknown,
  options: CreateOptions = {},
): { EndpointArn: string } {
  const input = parseRequest(CreateEndpointInput, raw);
  const arn = ctx.state.arn('endpoint', input.EndpointName);
  const key = input.EndpointName.toLowerCase();
  if (ctx.state.endpoints.has(key)) throw alreadyExists('endpoint', arn);
  const config = requireEndpointConfig(ctx, input.EndpointConfigName);
  assertServable(ctx, config.input);
  assertUniqueTagKeys(input.Tags);
  const now = options.seededAt ?? ctx.store.clock.now();
  const deployment = deploymentOf(ctx, config.name, config.input, now);
  const endpoint: EndpointRecord = {
    name: input.EndpointName,
    arn,
    creationTime: now,
    seq: ctx.state.nextSeq(),
    status: 'Creating',
    configName: config.name,
    failureReason: undefined,
    lastModifiedTime: now,
    current: undefined,
    pending: undefined,
    lastDeploymentConfig: input.DeploymentConfig,
  };
  ctx.state.endpoints.set(key, endpoint);
  if (input.Tags !== undefined) ctx.state.setTags(arn, input.Tags);
  if (options.seededAt !== undefined) {
    // A scenario describes what already runs: seeded endpoints start InService.
    endpoint.status = 'InService';
    endpoint.current = deployment;
  } else {
    startDeployment(ctx, endpoint, {
      ...deployment,
      kind: 'create',
      startTime: now,
      deploymentConfig: input.DeploymentConfig,
    });
  }
  return { EndpointArn: arn };
}

function variantSummary(variant: VariantState): Record<string, unknown> {
  return {
    VariantName: variant.variantName,
    DeployedImages: variant.deployedImages.map((d) => ({ ...d, ResolutionTime: wireTime(d.ResolutionTime) })),
    CurrentWeight: variant.weight,
    DesiredWeight: variant.weight,
    CurrentInstanceCount: variant.instanceCount,
    DesiredInstanceCount: variant.instanceCount,
    CurrentServerlessConfig: variant.serverless,
    DesiredServerlessConfig: variant.serverless,
    ManagedInstanceScaling: variant.managedInstanceScaling,
    RoutingConfig: variant.routingConfig,
  };
}

function pendingVariantSummary(variant: VariantState, startTime: number): Record<string, unknown> {
  return {
    VariantName: variant.variantName,
    DeployedImages: [],
    DesiredWeight: variant.weight,
    DesiredInstanceCount: variant.instanceCount,
    InstanceType: variant.instanceType,
    VariantStatus: [{ Status: 'Creating', StartTime: wireTime(startTime) }],
    DesiredServerlessConfig: variant.serverless,
    ManagedInstanceScaling: variant.managedInstanceScaling,
    RoutingConfig: variant.routingConfig,
  };
}

function dataCaptureSummary(config: DataCaptureConfig | undefined): Record<string, unknown> | undefined {
  if (config === undefined) return undefined;
  const enabled = config.EnableCapture ?? true;
  return {
    EnableCapture: enabled,
    CaptureStatus: enabled ? 'Started' : 'Stopped',
    CurrentSamplingPercentage: config.InitialSamplingPercentage,
    DestinationS3Uri: config.DestinationS3Uri,
    KmsKeyId: config.KmsKeyId ?? '',
  };
}

function nonEmpty<T>(items: readonly T[]): T[] | undefined {
  return items.length === 0 ? undefined : [...items];
}

export function describeEndpoint(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const { EndpointName } = parseRequest(EndpointNameInput, raw);
  const endpoint = requireEndpoint(ctx, EndpointName);
  const { current, pending } = endpoint;
  const update = pending?.kind === 'update' ? pending : undefined;
  return {
    EndpointName: endpoint.name,
    EndpointArn: endpoint.arn,
    EndpointConfigName: endpoint.configName,
    ProductionVariants: current && nonEmpty(current.variants.map(variantSummary)),
    DataCaptureConfig: dataCaptureSummary(current?.config.DataCaptureConfig),
    EndpointStatus: visibleStatus(ctx, endpoint),
    FailureReason: endpoint.failureReason,
    CreationTime: wireTime(endpoint.creationTime),
    LastModifiedTime: wireTime(endpoint.lastModifiedTime),
    LastDeploymentConfig: endpoint.lastDeploymentConfig,
    AsyncInferenceConfig: current?.config.AsyncInferenceConfig,
    PendingDeploymentSummary: update && {
      EndpointConfigName: update.configName,
      ProductionVariants: nonEmpty(update.variants.map((v) => pendingVariantSummary(v, update.startTime))),
      StartTime: wireTime(update.startTime),
      ShadowProductionVariants: nonEmpty(
        update.shadowVariants.map((v) => pendingVariantSummary(v, update.startTime)),
      ),
    },
    ExplainerConfig: current?.config.ExplainerConfig,
    ShadowProductionVariants: current && nonEmpty(current.shadowVariants.map(variantSummary)),
    MetricsConfig: current?.config.MetricsConfig,
  };
}

export function listEndpoints(ctx: SageMakerContext, raw: unknown): Record<string, unknown> {
  const input = parseRequest(ListEndpointsInput, raw);
  const {
    NameContains,
    CreationTimeBefore,
    CreationTimeAfter,
    LastModifiedTimeBefore,
    LastModifiedTimeAfter,
  } = input;
  const matching = [...ctx.state.endpoints.values()].filter(
    (e) =>
      nameContains(e.name, NameContains) &&
      withinTimes(e.creationTime, CreationTimeBefore, CreationTimeAfter) &&
      withinTimes(e.lastModifiedTime, LastModifiedTimeBefore, LastModifiedTimeAfter) &&
      (input.StatusEquals === undefined || visibleStatus(ctx, e) === input.StatusEquals),
  );
  const page = paginate(matching, input, {
    operation: 'ListEndpoints',
    filters: [
      NameContains,
      CreationTimeBefore,
      CreationTimeAfter,
      LastModifiedTimeBefore,
      LastModifiedTimeAfter,
      input.StatusEquals,
    ],
    sortValue: (e, sortBy) =>
      sortBy === 'Name' ? e.name : sortBy === 'Status' ? visibleStatus(ctx, e) : e.creationTime,
  });
  return {
    Endpoints: page.items.map((e) => ({
      EndpointName: e.name,
      EndpointArn: e.arn,
      CreationTime: wireTime(e.creationTime),
      LastModifiedTime: wireTime(e.lastModifiedTime),
      EndpointStatus: visibleStatus(ctx, e),
    })),
    NextToken: page.nextToken,
  };
}

export function updateEndpoint(ctx: SageMakerContext, raw: unknown): { EndpointArn: string } {
  const input = parseRequest(UpdateEndpointInput, raw);
  const endpoint = requireEndpoint(ctx, input.EndpointName);
  const status = visibleStatus(ctx, endpoint);
  if (status === 'Failed') throw updateFailedEndpoint(endpoint.arn);
  if (status !== 'InService' && status !== 'OutOfService') throw updateInProgress(endpoint.arn);
  const config = requireEndpointConfig(ctx, input.EndpointConfigName);
  assertServable(ctx, config.input);
  const now = ctx.store.clock.now();
  const next = retainVariantProperties(
    deploymentOf(ctx, config.name, config.input, now),
    endpoint.current,
    input,
  );
  const deploymentConfig =
    input.RetainDeploymentConfig === true ? endpoint.lastDeploymentConfig : input.DeploymentConfig;
  startDeployment(ctx, endpoint, { ...next, kind: 'update', startTime: now, deploymentConfig });
  return { EndpointArn: endpoint.arn };
}

/** Deletes at once (the service shows Deleting for a while); its inference components go with it. */
export function deleteEndpoint(ctx: SageMakerContext, raw: unknown): undefined {
  const { EndpointName } = parseRequest(EndpointNameInput, raw);
  const endpoint = requireEndpoint(ctx, EndpointName);
  ctx.state.endpoints.delete(endpoint.name.toLowerCase());
  ctx.state.dropTags(endpoint.arn);
  for (const [key, component] of ctx.state.inferenceComponents) {
    if (component.endpointName === endpoint.name) {
      ctx.state.inferenceComponents.delete(key);
      ctx.state.dropTags(component.arn);
    }
  }
  return undefined;
}
