/**
 * Which endpoints run which models. No SageMaker API lists the configs that use a model, and an endpoint's
 * description does not name its models: the only path is ListEndpoints, DescribeEndpoint for each, then
 * DescribeEndpointConfig for each config (once per distinct config: endpoints often share one). Endpoints
 * whose config names no model host inference components, which name their model in their own description.
 * One pass answers the question for every model at once, so `sm5 audit` and the plan share it.
 */
import type { DescribeEndpointConfigOutput, DescribeEndpointOutput } from '@aws-sdk/client-sagemaker';
import { isInferenceComponentConfig, modelNamesOf, variantsOf } from '../builders/variants.ts';
import type { SageMakerPort } from '../ports.ts';
import { createLimiter, type Limiter } from './limiter.ts';
import type { ServedBy } from './schema.ts';

/** What discovering the serving map reads. */
export type ServingMapReader = Pick<
  SageMakerPort,
  | 'listEndpoints'
  | 'describeEndpoint'
  | 'describeEndpointConfig'
  | 'listInferenceComponents'
  | 'describeInferenceComponent'
>;

export const DEFAULT_DISCOVERY_CONCURRENCY = 8;

export interface EndpointView {
  name: string;
  status: string;
  /** The config the endpoint runs. */
  configName: string | null;
  /** The config an update in progress is moving it to. */
  pendingConfigName: string | null;
  failureReason: string | null;
}

export interface ServingMap {
  endpoints: readonly EndpointView[];
  /** Every config an endpoint runs or is moving to, described once; keyed by lowercased name. */
  configs: ReadonlyMap<string, DescribeEndpointConfigOutput>;
  /** Where each model runs; keyed by lowercased model name (SageMaker names are case-insensitive). */
  byModel: ReadonlyMap<string, readonly ServedBy[]>;
  /**
   * Endpoints running a config that no longer exists (SageMaker lets a config in use be deleted): which
   * models they run is unknowable, so nothing may be retired as unused while there are any.
   */
  opaqueEndpoints: readonly EndpointView[];
}

export interface DiscoveryOptions {
  /** Calls in flight at once (default 8); the SDK's adaptive retry mode absorbs throttling beyond that. */
  concurrency?: number;
  /** Called after each endpoint is fully discovered. */
  onEndpoint?: (done: number, total: number) => void;
}

const key = (name: string) => name.toLowerCase();

export function servedByOf(map: ServingMap, modelName: string): readonly ServedBy[] {
  return map.byModel.get(key(modelName)) ?? [];
}

/** A config counts as in use while an endpoint runs it or an update is moving an endpoint to it. */
export function isConfigInUse(map: ServingMap, configName: string): boolean {
  const wanted = key(configName);
  return map.endpoints.some(
    (e) =>
      (e.configName !== null && key(e.configName) === wanted) ||
      (e.pendingConfigName !== null && key(e.pendingConfigName) === wanted),
  );
}

export function isModelInUse(map: ServingMap, modelName: string): boolean {
  return servedByOf(map, modelName).length > 0;
}

function viewOf(e: DescribeEndpointOutput, fallbackName: string): EndpointView {
  const pending = e.PendingDeploymentSummary?.EndpointConfigName ?? null;
  return {
    name: e.EndpointName ?? fallbackName,
    status: e.EndpointStatus ?? 'Unknown',
    configName: e.EndpointConfigName ?? null,
    pendingConfigName: pending !== null && pending !== e.EndpointConfigName ? pending : null,
    failureReason: e.FailureReason ? e.FailureReason : null,
  };
}

function variantRefs(
  view: EndpointView,
  configName: string,
  config: DescribeEndpointConfigOutput,
  pending: boolean,
): Array<[string, ServedBy]> {
  const icEndpoint = isInferenceComponentConfig(config);
  return variantsOf(config).flatMap(({ kind, variant }) =>
    modelNamesOf(variant).map((modelName): [string, ServedBy] => [
      modelName,
      {
        endpointName: view.name,
        endpointStatus: view.status,
        configName,
        variantName: variant.VariantName ?? null,
        kind,
        serverless: variant.ServerlessConfig !== undefined,
        pending,
        inferenceComponentEndpoint: icEndpoint,
        inferenceComponentName: null,
      },
    ]),
  );
}

export async function discoverServingMap(
  deps: { sagemaker: ServingMapReader },
  options: DiscoveryOptions = {},
): Promise<ServingMap> {
  const { sagemaker } = deps;
  const limit = createLimiter(options.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY);
  const configCalls = new Map<string, Promise<DescribeEndpointConfigOutput | undefined>>();
  const describeConfig = (name: string) => {
    let call = configCalls.get(key(name));
    if (call === undefined) {
      call = limit(() => sagemaker.describeEndpointConfig(name));
      configCalls.set(key(name), call);
    }
    return call;
  };

  const summaries = await sagemaker.listEndpoints();
  const names = summaries.flatMap((s) => (s.EndpointName ? [s.EndpointName] : []));
  let done = 0;

  const perEndpoint = await Promise.all(
    names.map(async (name) => {
      const description = await limit(() => sagemaker.describeEndpoint(name));
      // Deleted between the list and the describe: it serves nothing any more.
      if (description === undefined) return null;
      const view = viewOf(description, name);
      const configNames = [view.configName, view.pendingConfigName].filter((n): n is string => n !== null);
      const configs = await Promise.all(configNames.map(describeConfig));

      const refs: Array<[string, ServedBy]> = [];
      let hostsComponents = false;
      let opaque = false;
      configNames.forEach((configName, i) => {
        const config = configs[i];
        if (config === undefined) {
          opaque = true;
          return;
        }
        refs.push(...variantRefs(view, configName, config, configName === view.pendingConfigName));
        hostsComponents ||= isInferenceComponentConfig(config);
      });
      if (hostsComponents) refs.push(...(await componentRefs(sagemaker, limit, view)));

      options.onEndpoint?.(++done, names.length);
      return { view, refs, opaque };
    }),
  );

  const endpoints: EndpointView[] = [];
  const opaqueEndpoints: EndpointView[] = [];
  const byModel = new Map<string, ServedBy[]>();
  for (const entry of perEndpoint) {
    if (entry === null) continue;
    endpoints.push(entry.view);
    if (entry.opaque) opaqueEndpoints.push(entry.view);
    for (const [modelName, ref] of entry.refs) {
      const list = byModel.get(key(modelName)) ?? [];
      list.push(ref);
      byModel.set(key(modelName), list);
    }
  }
  const configs = new Map<string, DescribeEndpointConfigOutput>();
  for (const [name, call] of configCalls) {
    const config = await call;
    if (config !== undefined) configs.set(name, config);
  }
  return { endpoints, configs, byModel, opaqueEndpoints };
}

async function componentRefs(
  sagemaker: ServingMapReader,
  limit: Limiter,
  view: EndpointView,
): Promise<Array<[string, ServedBy]>> {
  const summaries = await limit(() => sagemaker.listInferenceComponents(view.name));
  const described = await Promise.all(
    summaries.flatMap((s) =>
      s.InferenceComponentName
        ? [limit(() => sagemaker.describeInferenceComponent(s.InferenceComponentName ?? ''))]
        : [],
    ),
  );
  return described.flatMap((component) => {
    if (component === undefined) return [];
    const specifications = [component.Specification, ...(component.Specifications ?? [])];
    const models = new Set(specifications.flatMap((spec) => (spec?.ModelName ? [spec.ModelName] : [])));
    return [...models].map((modelName): [string, ServedBy] => [
      modelName,
      {
        endpointName: view.name,
        endpointStatus: view.status,
        configName: view.configName ?? view.pendingConfigName ?? '(unknown)',
        variantName: component.VariantName ?? null,
        kind: 'inference-component',
        serverless: false,
        pending: false,
        inferenceComponentEndpoint: true,
        inferenceComponentName: component.InferenceComponentName ?? null,
      },
    ]);
  });
}
