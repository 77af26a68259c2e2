/**
 * Retire: after every endpoint is verified on its new config, remove what the run replaced. Each candidate
 * is checked against the account as it is now, not against the plan: a config is deleted only when no
 * endpoint runs it or is moving to it, and an original model only when its isolated clone exists and no
 * endpoint runs it in any way. Each is tagged `sm5:superseded-by` first: the workflow's IAM lets it delete
 * only what carries that tag. In `retain` mode the tag is all that happens.
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import { sameName } from '../builders/copy.ts';
import { isAwsReservedTag, MAX_TAGS, TAG_SUPERSEDED_BY } from '../builders/lineage-tags.ts';
import { EndpointConfigNotFoundError, ModelNotFoundError, PlanOutdatedError } from '../errors.ts';
import { ResourceName } from '../names.ts';
import {
  type DiscoveryOptions,
  discoverServingMap,
  isConfigInUse,
  type ServingMap,
  type ServingMapReader,
  servedByOf,
} from '../plan/discover-serving-map.ts';
import { Plan } from '../plan/schema.ts';
import type { SageMakerPort } from '../ports.ts';
import * as z from '../zod.ts';
import { CreateEndpointConfigOutput } from './create-endpoint-config.ts';

/** The SageMaker operations this step calls, and all its Lambda bundles. */
export type RetireSageMaker = ServingMapReader &
  Pick<SageMakerPort, 'describeModel' | 'listTags' | 'addTags' | 'deleteModel' | 'deleteEndpointConfig'>;

export const RetireMode = z.enum(['delete', 'retain']);
export type RetireMode = z.infer<typeof RetireMode>;

export const RetireInput = z.strictObject({
  mode: RetireMode,
  plan: Plan,
  /** What CreateEndpointConfig answered for each endpoint: which config replaced which. */
  endpoints: z.array(CreateEndpointConfigOutput),
});
export type RetireInput = z.infer<typeof RetireInput>;

export const RetireAction = z.enum([
  'deleted',
  'already-gone',
  'retained',
  'kept-in-use',
  'kept-no-isolated-clone',
  'kept-unknown-usage',
  'kept-tag-limit',
]);
export type RetireAction = z.infer<typeof RetireAction>;

export const RetiredResource = z.strictObject({
  type: z.enum(['model', 'endpoint-config']),
  name: ResourceName,
  replacedBy: ResourceName,
  action: RetireAction,
  detail: z.string(),
});
export type RetiredResource = z.infer<typeof RetiredResource>;

export const RetireOutput = z.strictObject({ mode: RetireMode, resources: z.array(RetiredResource) });
export type RetireOutput = z.infer<typeof RetireOutput>;

const SWITCHED: ReadonlySet<string> = new Set(['created', 'exists', 'already-switched']);

type Mark = 'tagged' | 'tag-limit';

/** Tags the resource as superseded unless it already is; refuses when the tag would be its 51st. */
async function markSuperseded(sagemaker: RetireSageMaker, arn: string, replacedBy: string): Promise<Mark> {
  const tags: Tag[] = await sagemaker.listTags(arn);
  const existing = tags.find((t) => t.Key === TAG_SUPERSEDED_BY);
  if (existing?.Value === replacedBy) return 'tagged';
  const userTags = tags.filter((t) => t.Key !== undefined && !isAwsReservedTag(t.Key)).length;
  if (existing === undefined && userTags >= MAX_TAGS) return 'tag-limit';
  await sagemaker.addTags(arn, [{ Key: TAG_SUPERSEDED_BY, Value: replacedBy }]);
  return 'tagged';
}

/** Every switched endpoint must be InService on its new config before anything it used goes away. */
async function assertVerified(sagemaker: RetireSageMaker, switched: readonly CreateEndpointConfigOutput[]) {
  for (const entry of switched) {
    const endpoint = await sagemaker.describeEndpoint(entry.endpointName);
    const ok =
      endpoint?.EndpointStatus === 'InService' &&
      sameName(endpoint.EndpointConfigName, entry.newConfigName ?? '');
    if (!ok) {
      const state = endpoint
        ? `${endpoint.EndpointStatus ?? 'Unknown'} on ${endpoint.EndpointConfigName ?? '(none)'}`
        : 'gone';
      throw new PlanOutdatedError(
        `endpoint ${entry.endpointName} is ${state}, not InService on ${entry.newConfigName}: nothing was retired`,
      );
    }
  }
}

export async function retire(
  input: RetireInput,
  deps: { sagemaker: RetireSageMaker },
  options: Pick<DiscoveryOptions, 'concurrency'> = {},
): Promise<RetireOutput> {
  const { sagemaker } = deps;
  const { mode, plan } = input;
  const switched = input.endpoints.filter(
    (e) => SWITCHED.has(e.action) && e.previousConfigName !== null && e.newConfigName !== null,
  );
  await assertVerified(sagemaker, switched);
  const map = await discoverServingMap(deps, options);

  // What the switches replaced, plus what the plan found replaced by an earlier run that stopped short.
  const configs = new Map<string, { name: string; replacedBy: string }>();
  for (const e of switched) {
    if (e.previousConfigName && e.newConfigName && !sameName(e.previousConfigName, e.newConfigName)) {
      configs.set(e.previousConfigName.toLowerCase(), {
        name: e.previousConfigName,
        replacedBy: e.newConfigName,
      });
    }
  }
  for (const planned of plan.resources.retire) {
    if (planned.type !== 'endpoint-config' || configs.has(planned.name.toLowerCase())) continue;
    // A config this plan switches endpoints away from is retired only through their switch results above.
    if (plan.endpoints.some((e) => sameName(e.currentConfigName, planned.name))) continue;
    configs.set(planned.name.toLowerCase(), { name: planned.name, replacedBy: planned.replacedBy });
  }

  const resources: RetiredResource[] = [];
  // Configs first: deleting a model an existing config names would leave that config unusable.
  for (const { name, replacedBy } of configs.values()) {
    resources.push(await retireConfig(sagemaker, map, mode, name, replacedBy));
  }
  for (const clone of plan.clones) {
    resources.push(await retireModel(sagemaker, map, mode, clone.sourceModelName, clone.cloneModelName));
  }
  return { mode, resources };
}

async function retireConfig(
  sagemaker: RetireSageMaker,
  map: ServingMap,
  mode: RetireMode,
  name: string,
  replacedBy: string,
): Promise<RetiredResource> {
  const result = (action: RetireAction, detail: string): RetiredResource => ({
    type: 'endpoint-config',
    name,
    replacedBy,
    action,
    detail,
  });
  if (isConfigInUse(map, name)) {
    const users = map.endpoints
      .filter((e) => sameName(e.configName ?? '', name) || sameName(e.pendingConfigName ?? '', name))
      .map((e) => e.name);
    return result('kept-in-use', `still used by endpoint(s) ${users.join(', ')}`);
  }
  const config = await sagemaker.describeEndpointConfig(name);
  if (config?.EndpointConfigArn === undefined) return result('already-gone', 'it no longer exists');
  return finish(sagemaker, mode, config.EndpointConfigArn, replacedBy, result, () =>
    sagemaker.deleteEndpointConfig(name),
  );
}

async function retireModel(
  sagemaker: RetireSageMaker,
  map: ServingMap,
  mode: RetireMode,
  name: string,
  replacedBy: string,
): Promise<RetiredResource> {
  const result = (action: RetireAction, detail: string): RetiredResource => ({
    type: 'model',
    name,
    replacedBy,
    action,
    detail,
  });
  const model = await sagemaker.describeModel(name);
  if (model?.ModelArn === undefined) return result('already-gone', 'it no longer exists');
  const users = servedByOf(map, name);
  if (users.length > 0) {
    const where = [...new Set(users.map((u) => u.endpointName))].join(', ');
    return result('kept-in-use', `still run by endpoint(s) ${where}`);
  }
  if (map.opaqueEndpoints.length > 0) {
    const which = map.opaqueEndpoints.map((e) => e.name).join(', ');
    return result(
      'kept-unknown-usage',
      `endpoint(s) ${which} run a config that no longer exists, so sm5 cannot tell whether they use it`,
    );
  }
  const clone = await sagemaker.describeModel(replacedBy);
  if (clone?.EnableNetworkIsolation !== true) {
    return result('kept-no-isolated-clone', `its isolated clone ${replacedBy} does not exist`);
  }
  return finish(sagemaker, mode, model.ModelArn, replacedBy, result, () => sagemaker.deleteModel(name));
}

async function finish(
  sagemaker: RetireSageMaker,
  mode: RetireMode,
  arn: string,
  replacedBy: string,
  result: (action: RetireAction, detail: string) => RetiredResource,
  remove: () => Promise<'deleted' | 'absent'>,
): Promise<RetiredResource> {
  let mark: Mark;
  try {
    mark = await markSuperseded(sagemaker, arn, replacedBy);
  } catch (error) {
    // Two runs that share a config retire the same originals; whichever comes second finds them gone,
    // which is the state both wanted.
    if (error instanceof ModelNotFoundError || error instanceof EndpointConfigNotFoundError) {
      return result('already-gone', 'it no longer exists');
    }
    throw error;
  }
  if (mark === 'tag-limit') {
    return result(
      'kept-tag-limit',
      `it already has ${MAX_TAGS} tags, so it cannot be tagged ${TAG_SUPERSEDED_BY}`,
    );
  }
  if (mode === 'retain')
    return result('retained', `kept as configured, tagged ${TAG_SUPERSEDED_BY}=${replacedBy}`);
  return (await remove()) === 'deleted'
    ? result('deleted', `tagged ${TAG_SUPERSEDED_BY}=${replacedBy}, then deleted`)
    : result('already-gone', 'it no longer exists');
}
