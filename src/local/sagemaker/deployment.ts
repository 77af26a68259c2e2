/**
 * How an endpoint deployment plays out on the sandbox clock: CreateEndpoint and UpdateEndpoint start one,
 * and when it falls due it either succeeds (InService on the new config) or fails. A failed create ends
 * Failed; a failed update rolls back as SageMaker does, to InService on the OLD config with a
 * FailureReason. Failures come from the faults (scripted) or from reality: an isolated container that
 * needs the network at runtime never passes its health check.
 */
import { createHash } from 'node:crypto';
import type { SageMakerContext } from './context.ts';
import { allVariants } from './endpoint-configs.ts';
import { healthCheckFailure } from './messages.ts';
import { findModel, modelContainers } from './models.ts';
import { containersNetworkNeeds } from './network-needs.ts';
import type {
  CreateEndpointConfigInput,
  DeploymentConfig,
  ProductionVariant,
  UpdateEndpointInput,
} from './shapes.ts';
import type { DeployedImage, Deployment, EndpointRecord, PendingDeployment, VariantState } from './state.ts';

/** `repo:tag` → `repo@sha256:<digest>`: what DescribeEndpoint reports as the image it resolved. */
export function resolveImage(image: string, at: number): DeployedImage {
  const digest = createHash('sha256').update(image).digest('hex');
  const digestAt = image.lastIndexOf('@');
  const slash = image.lastIndexOf('/');
  const colon = image.lastIndexOf(':');
  const repository =
    digestAt !== -1 ? image.slice(0, digestAt) : colon > slash ? image.slice(0, colon) : image;
  return { SpecifiedImage: image, ResolvedImage: `${repository}@sha256:${digest}`, ResolutionTime: at };
}

function variantState(ctx: SageMakerContext, variant: ProductionVariant, at: number): VariantState {
  const model = variant.ModelName === undefined ? undefined : findModel(ctx, variant.ModelName);
  const images = model === undefined ? [] : modelContainers(model).flatMap((c) => (c.Image ? [c.Image] : []));
  return {
    variantName: variant.VariantName,
    modelName: variant.ModelName,
    deployedImages: images.map((image) => resolveImage(image, at)),
    weight: variant.InitialVariantWeight ?? 1,
    instanceCount: variant.ServerlessConfig === undefined ? variant.InitialInstanceCount : undefined,
    instanceType: variant.InstanceType,
    serverless: variant.ServerlessConfig,
    managedInstanceScaling: variant.ManagedInstanceScaling,
    routingConfig: variant.RoutingConfig,
  };
}

export function deploymentOf(
  ctx: SageMakerContext,
  configName: string,
  config: CreateEndpointConfigInput,
  at: number,
): Deployment {
  return {
    configName,
    config,
    variants: config.ProductionVariants.map((v) => variantState(ctx, v, at)),
    shadowVariants: (config.ShadowProductionVariants ?? []).map((v) => variantState(ctx, v, at)),
  };
}

/** RetainAllVariantProperties keeps the running weights and instance counts of same-named variants. */
export function retainVariantProperties(
  next: Deployment,
  current: Deployment | undefined,
  input: UpdateEndpointInput,
): Deployment {
  if (input.RetainAllVariantProperties !== true || current === undefined) return next;
  const excluded = new Set((input.ExcludeRetainedVariantProperties ?? []).map((p) => p.VariantPropertyType));
  const retain = (variant: VariantState, running: readonly VariantState[]): VariantState => {
    const old = running.find((r) => r.variantName === variant.variantName);
    if (old === undefined) return variant;
    return {
      ...variant,
      weight: excluded.has('DesiredWeight') ? variant.weight : old.weight,
      instanceCount: excluded.has('DesiredInstanceCount') ? variant.instanceCount : old.instanceCount,
    };
  };
  return {
    ...next,
    variants: next.variants.map((v) => retain(v, current.variants)),
    shadowVariants: next.shadowVariants.map((v) => retain(v, current.shadowVariants)),
  };
}

/** Blue/green baking and termination waits lengthen the deployment, as they do on the service. */
export function deploymentSeconds(base: number, config: DeploymentConfig | undefined): number {
  const blueGreen = config?.BlueGreenUpdatePolicy;
  if (blueGreen === undefined) return base;
  return (
    base +
    blueGreen.TrafficRoutingConfiguration.WaitIntervalInSeconds +
    (blueGreen.TerminationWaitInSeconds ?? 0)
  );
}

/** Why the deployment fails, or undefined when every container comes up healthy. */
function failureOf(
  ctx: SageMakerContext,
  endpoint: EndpointRecord,
  pending: PendingDeployment,
): string | undefined {
  const scripted =
    pending.kind === 'create'
      ? ctx.faults.takeEndpointCreateFailure(endpoint.name)
      : ctx.faults.takeEndpointUpdateFailure(endpoint.name);
  const first = pending.config.ProductionVariants[0]?.VariantName ?? 'AllTraffic';
  if (scripted !== undefined) return scripted.reason ?? healthCheckFailure(first);
  for (const variant of allVariants(pending.config)) {
    if (variant.ModelName === undefined) continue;
    const model = findModel(ctx, variant.ModelName);
    if (model === undefined) return `Could not find model "${ctx.state.arn('model', variant.ModelName)}".`;
    const isolated =
      model.input.EnableNetworkIsolation === true || pending.config.EnableNetworkIsolation === true;
    if (isolated && containersNetworkNeeds(modelContainers(model)).length > 0) {
      return healthCheckFailure(variant.VariantName);
    }
  }
  return undefined;
}

/** Starts a deployment and schedules its end on the clock. */
export function startDeployment(
  ctx: SageMakerContext,
  endpoint: EndpointRecord,
  pending: PendingDeployment,
): void {
  endpoint.pending = pending;
  endpoint.status = pending.kind === 'create' ? 'Creating' : 'Updating';
  endpoint.failureReason = undefined;
  endpoint.lastModifiedTime = pending.startTime;
  const seconds = deploymentSeconds(ctx.store.transitionSeconds, pending.deploymentConfig);
  ctx.store.schedule(pending.startTime + seconds * 1000, () => finishDeployment(ctx, endpoint, pending));
}

function finishDeployment(ctx: SageMakerContext, endpoint: EndpointRecord, pending: PendingDeployment): void {
  // The endpoint may have been deleted (and even recreated) meanwhile: only finish what is still running.
  if (ctx.state.endpoints.get(endpoint.name.toLowerCase()) !== endpoint || endpoint.pending !== pending)
    return;
  const now = ctx.store.clock.now();
  const failure = failureOf(ctx, endpoint, pending);
  endpoint.pending = undefined;
  endpoint.lastModifiedTime = now;
  if (pending.deploymentConfig !== undefined) endpoint.lastDeploymentConfig = pending.deploymentConfig;
  if (failure === undefined) {
    const { configName, config, variants, shadowVariants } = pending;
    endpoint.current = { configName, config, variants, shadowVariants };
    endpoint.configName = pending.configName;
    endpoint.status = 'InService';
    endpoint.failureReason = undefined;
  } else if (pending.kind === 'create') {
    endpoint.status = 'Failed';
    endpoint.failureReason = failure;
  } else {
    endpoint.status = 'InService';
    endpoint.failureReason = failure;
  }
}
