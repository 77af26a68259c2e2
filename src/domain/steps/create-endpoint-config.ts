/**
 * CreateEndpointConfig: the config that replaces what one endpoint runs. It is built from the config the
 * endpoint runs at this moment, never from the plan's copy: someone may have updated the endpoint since,
 * and a config built from a stale copy would silently undo their change when switched to.
 */
import { buildEndpointConfigInput } from '../builders/build-endpoint-config-input.ts';
import { endpointConfigDifferences } from '../builders/compare-existing.ts';
import { sameName } from '../builders/copy.ts';
import { Lineage, ModelSwap } from '../builders/shapes.ts';
import { isInferenceComponentConfig, modelNamesOf, variantsOf } from '../builders/variants.ts';
import {
  EndpointBusyError,
  EndpointConfigNotFoundError,
  EndpointFailedError,
  PlanOutdatedError,
  ResourceConflictError,
} from '../errors.ts';
import { ResourceName } from '../names.ts';
import { isolatedEndpointConfigName } from '../naming.ts';
import { PlanEndpoint } from '../plan/changes.ts';
import { isTransitional, isUnrecoverable } from '../plan/endpoint-status.ts';
import type { SageMakerPort } from '../ports.ts';
import * as z from '../zod.ts';

/** The SageMaker operations this step calls, and all its Lambda bundles. */
export type CreateEndpointConfigSageMaker = Pick<
  SageMakerPort,
  'describeEndpoint' | 'describeEndpointConfig' | 'listTags' | 'createEndpointConfig'
>;

export const CreateEndpointConfigInput = z.strictObject({ endpoint: PlanEndpoint, lineage: Lineage });
export type CreateEndpointConfigInput = z.infer<typeof CreateEndpointConfigInput>;

export const EndpointConfigAction = z.enum([
  /** The new config was created now. */
  'created',
  /** An earlier attempt (or a run for another model on the same config) created the identical config. */
  'exists',
  /** The endpoint already runs, or is being updated to, the new config. */
  'already-switched',
  /** The endpoint's config no longer runs any model to swap: nothing to do here. */
  'not-serving-model',
  /** The endpoint was deleted since the plan. */
  'endpoint-gone',
]);
export type EndpointConfigAction = z.infer<typeof EndpointConfigAction>;

/**
 * Also the per-endpoint record the workflow's Map collects and passes to Retire, so it says which config
 * was replaced by which. `needsSwitch`/`needsCheck` let a Choice state branch without string matching.
 */
export const CreateEndpointConfigOutput = z.strictObject({
  endpointName: ResourceName,
  action: EndpointConfigAction,
  needsSwitch: z.boolean(),
  needsCheck: z.boolean(),
  previousConfigName: z.nullable(ResourceName),
  newConfigName: z.nullable(ResourceName),
  swappedModels: z.array(ModelSwap),
  detail: z.string(),
});
export type CreateEndpointConfigOutput = z.infer<typeof CreateEndpointConfigOutput>;

export async function createEndpointConfig(
  input: CreateEndpointConfigInput,
  deps: { sagemaker: CreateEndpointConfigSageMaker },
): Promise<CreateEndpointConfigOutput> {
  const { sagemaker } = deps;
  const { endpoint: planned, lineage } = input;
  const endpointName = planned.endpointName;
  const skip = (
    action: EndpointConfigAction,
    detail: string,
    configs: { previous?: string | null; next?: string | null; check?: boolean } = {},
  ): CreateEndpointConfigOutput => ({
    endpointName,
    action,
    needsSwitch: false,
    needsCheck: configs.check ?? false,
    previousConfigName: configs.previous ?? null,
    newConfigName: configs.next ?? null,
    swappedModels: [],
    detail,
  });

  const endpoint = await sagemaker.describeEndpoint(endpointName);
  if (endpoint === undefined) return skip('endpoint-gone', `endpoint ${endpointName} no longer exists`);
  const status = endpoint.EndpointStatus;
  const current = endpoint.EndpointConfigName;
  const pending = endpoint.PendingDeploymentSummary?.EndpointConfigName;

  // A rerun after the switch: the endpoint runs the new config or is on its way there.
  if (sameName(current, planned.newConfigName) || sameName(pending, planned.newConfigName)) {
    return {
      ...skip(
        'already-switched',
        `endpoint ${endpointName} already runs or is moving to ${planned.newConfigName}`,
        {
          previous: planned.currentConfigName,
          next: planned.newConfigName,
          check: true,
        },
      ),
      swappedModels: planned.swappedModels,
    };
  }
  if (isTransitional(status)) {
    throw new EndpointBusyError(
      `endpoint ${endpointName} is ${status}: its config is read again once it settles`,
    );
  }
  if (isUnrecoverable(status)) {
    const reason = endpoint.FailureReason ? `: ${endpoint.FailureReason}` : '';
    throw new EndpointFailedError(`endpoint ${endpointName} is ${status}${reason}`);
  }
  if (current === undefined) throw new PlanOutdatedError(`endpoint ${endpointName} has no config`);

  const config = await sagemaker.describeEndpointConfig(current);
  if (config === undefined) {
    throw new EndpointConfigNotFoundError(
      `endpoint ${endpointName} runs config ${current}, which no longer exists: sm5 cannot rebuild it`,
    );
  }
  const variants = variantsOf(config);
  const swaps = planned.swappedModels.filter((swap) =>
    variants.some(({ variant }) => modelNamesOf(variant).some((name) => sameName(name, swap.from))),
  );
  if (swaps.length === 0) {
    return skip(
      'not-serving-model',
      `config ${current} of endpoint ${endpointName} runs none of the models to swap`,
      {
        previous: current,
      },
    );
  }
  if (isInferenceComponentConfig(config)) {
    throw new PlanOutdatedError(
      `endpoint ${endpointName} now hosts inference components (config ${current})`,
    );
  }
  const serverless = variants.find(
    ({ variant }) =>
      variant.ServerlessConfig !== undefined &&
      modelNamesOf(variant).some((name) => swaps.some((s) => sameName(s.from, name))),
  );
  if (serverless !== undefined) {
    throw new PlanOutdatedError(
      `config ${current} now runs a model to swap on serverless variant ${serverless.variant.VariantName}, which cannot run isolated models`,
    );
  }

  const newConfigName = isolatedEndpointConfigName(current, swaps);
  const sourceTags = config.EndpointConfigArn ? await sagemaker.listTags(config.EndpointConfigArn) : [];
  const { input: request } = buildEndpointConfigInput({
    source: config,
    sourceTags,
    newConfigName,
    swaps,
    lineage,
  });
  const done = (action: 'created' | 'exists'): CreateEndpointConfigOutput => ({
    endpointName,
    action,
    needsSwitch: true,
    needsCheck: true,
    previousConfigName: current,
    newConfigName,
    swappedModels: swaps,
    detail: `config ${newConfigName} replaces ${current}, swapping ${swaps.map((s) => `${s.from} → ${s.to}`).join(', ')}`,
  });
  if ((await sagemaker.createEndpointConfig(request)) === 'created') return done('created');

  const existing = await sagemaker.describeEndpointConfig(newConfigName);
  if (existing === undefined) {
    throw new ResourceConflictError(
      `endpoint config ${newConfigName} was reported as existing but cannot be described; run again`,
    );
  }
  const different = endpointConfigDifferences(request, existing);
  if (different.length > 0) {
    throw new ResourceConflictError(
      `endpoint config ${newConfigName} exists but differs from the one built from ${current}: ${different.join(', ')} differ`,
    );
  }
  return done('exists');
}
