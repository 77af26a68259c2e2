/**
 * Turns a request into a plan: resolve the model, read its tags, find every endpoint that runs it, decide,
 * and for a remediation name every resource the run will create, switch and retire. Reads only.
 */
import type { DescribeEndpointConfigOutput, DescribeModelOutput, Tag } from '@aws-sdk/client-sagemaker';
import { buildCloneModelInput } from '../builders/build-clone-model-input.ts';
import { sameName } from '../builders/copy.ts';
import { DEFAULT_EXEMPT_TAG_KEY, TAG_SOURCE_CONFIG, TAG_SUPERSEDED_BY } from '../builders/lineage-tags.ts';
import type { Lineage, ModelSwap } from '../builders/shapes.ts';
import { modelNamesOf, variantsOf } from '../builders/variants.ts';
import { mapLimit } from '../concurrency.ts';
import { cloneModelName, isolatedEndpointConfigName } from '../naming.ts';
import type { SageMakerReader } from '../ports.ts';
import { preflight } from '../preflight.ts';
import type { FindingRef, RemediationRequest } from '../request.ts';
import { auditCopyOfCloneRequest } from './audit-copy.ts';
import {
  DEFAULT_DISCOVERY_CONCURRENCY,
  discoverServingMap,
  isConfigInUse,
  type ServingMap,
  servedByOf,
} from './discover-serving-map.ts';
import { isTransitional } from './endpoint-status.ts';
import { type DescribedModel, resolveModel } from './resolve-model.ts';
import {
  Plan,
  type PlanClone,
  type PlanEndpoint,
  type PlannedResources,
  type PlanRisk,
  type ServedBy,
} from './schema.ts';
import { decideVerdict, exemptionOf } from './verdict.ts';

export interface PlanOptions {
  /** Written into lineage tags and notes; null (the default) when only planning. */
  runId?: string | null;
  /** Tag key that exempts a model (default `sm5:exempt`). */
  exemptTagKey?: string;
  /** AWS calls in flight during discovery (default 8). */
  concurrency?: number;
  /** A discovery already made (e.g. by `sm5 audit` for every model at once). */
  servingMap?: ServingMap;
  /**
   * How the run retires what it replaced (default `delete`). In `retain` mode an original an earlier run
   * replaced and kept is done; in `delete` mode it is planned again, so that its deletion completes.
   */
  retireMode?: 'delete' | 'retain';
}

/**
 * Step Functions caps a state's payload at 256 KiB. Environments (32 KB per model at most) are what can make
 * a plan big; above this budget the audit copies of the clone requests are left out (the clone step never
 * sends them anyway).
 */
export const MAX_PLAN_BYTES = 200 * 1024;

const NO_RESOURCES: PlannedResources = { create: [], switch: [], retire: [] };

export function findingIdOf(ref: FindingRef | null): string | null {
  if (ref === null) return null;
  return ref.api === 'asff' ? ref.id : ref.findingInfoUid;
}

const key = (name: string) => name.toLowerCase();

/** A model that a config to be replaced also runs, and whether it is swapped along with the requested one. */
interface CoServedModel {
  name: string;
  description: DescribedModel | undefined;
  tags: Tag[];
  swap: boolean;
  reason: string | null;
}

export async function makePlan(
  request: RemediationRequest,
  deps: { sagemaker: SageMakerReader },
  options: PlanOptions = {},
): Promise<Plan> {
  const { sagemaker } = deps;
  const lineage: Lineage = { findingId: findingIdOf(request.finding), runId: options.runId ?? null };
  const exemptTagKey = options.exemptTagKey ?? DEFAULT_EXEMPT_TAG_KEY;
  const concurrency = options.concurrency ?? DEFAULT_DISCOVERY_CONCURRENCY;
  const skeleton = {
    version: 1 as const,
    request,
    lineage,
    needsApproval: false,
    risks: [],
    cloneModelName: null,
    clones: [],
    endpoints: [],
    servedBy: [],
    resources: NO_RESOURCES,
  };

  const model = await resolveModel(sagemaker, request.modelName);
  if (model === undefined) {
    const decision = decideVerdict({ model: null, tags: [], servedBy: [] });
    return Plan.parse({ ...skeleton, model: null, ...decision });
  }
  const plannedModel = {
    name: model.ModelName,
    arn: model.ModelArn,
    isolated: model.EnableNetworkIsolation === true,
  };
  if (plannedModel.isolated) {
    const decision = decideVerdict({ model: plannedModel, tags: [], servedBy: [] });
    return Plan.parse({ ...skeleton, model: plannedModel, ...decision });
  }

  const [tags, map] = await Promise.all([
    sagemaker.listTags(model.ModelArn),
    options.servingMap ?? discoverServingMap(deps, { concurrency }),
  ]);
  const servedBy = [...servedByOf(map, model.ModelName)];
  const decision = decideVerdict({
    model: plannedModel,
    tags,
    servedBy,
    endpoints: map.endpoints,
    exemptTagKey,
  });
  const decided: Plan = { ...skeleton, model: plannedModel, servedBy, ...decision };
  if (decision.verdict !== 'remediate') return Plan.parse(decided);

  if (options.retireMode === 'retain') {
    const retained = await retainedReplacement(sagemaker, model, tags, servedBy);
    if (retained !== null) return Plan.parse({ ...decided, verdict: 'noop', reasons: [retained] });
  }

  return remediationPlan({
    sagemaker,
    model,
    tags,
    map,
    servedBy,
    lineage,
    exemptTagKey,
    concurrency,
    decided,
  });
}

/**
 * A model an earlier run replaced and kept (retire mode `retain`) stays non-isolated by design: planning it
 * again would clone nothing new and re-tag it on every evaluation, and its finding would start a run each
 * time. It is done unless an endpoint runs it again or its isolated clone is gone.
 */
async function retainedReplacement(
  sagemaker: SageMakerReader,
  model: DescribedModel,
  tags: readonly Tag[],
  servedBy: readonly ServedBy[],
): Promise<string | null> {
  const replacement = tags.find((t) => t.Key === TAG_SUPERSEDED_BY)?.Value;
  if (!replacement || servedBy.length > 0) return null;
  const clone = await sagemaker.describeModel(replacement);
  if (clone?.EnableNetworkIsolation !== true) return null;
  return `Model ${model.ModelName} was replaced by its isolated clone ${replacement} and kept, as configured (tag ${TAG_SUPERSEDED_BY}); no endpoint runs it. Its finding closes when it is deleted.`;
}

interface RemediationContext {
  sagemaker: SageMakerReader;
  model: DescribedModel;
  tags: Tag[];
  map: ServingMap;
  servedBy: ServedBy[];
  lineage: Lineage;
  exemptTagKey: string;
  concurrency: number;
  decided: Plan;
}

/** One entry per endpoint: the config it runs, or, only while an update is moving it there, the pending one. */
function endpointsToSwitch(servedBy: readonly ServedBy[]): ServedBy[] {
  const chosen = new Map<string, ServedBy>();
  for (const ref of servedBy) {
    const current = chosen.get(key(ref.endpointName));
    if (current === undefined || (current.pending && !ref.pending)) chosen.set(key(ref.endpointName), ref);
  }
  return [...chosen.values()];
}

async function remediationPlan(ctx: RemediationContext): Promise<Plan> {
  const { sagemaker, model, map, lineage, exemptTagKey } = ctx;
  const reasons = [...ctx.decided.reasons];
  const targets = endpointsToSwitch(ctx.servedBy);

  const configs = new Map<string, { name: string; config: DescribeEndpointConfigOutput }>();
  for (const target of targets) {
    const config = map.configs.get(key(target.configName));
    if (config !== undefined) configs.set(key(target.configName), { name: target.configName, config });
  }

  const leftovers = await leftoverConfigs(sagemaker, map, model.ModelName, reasons);

  // Other non-isolated models in the same configs are swapped in the same update: one cutover per endpoint.
  // A model on a serverless variant cannot run isolated, so it is never swapped, in any of the configs.
  // Models an earlier, interrupted run swapped out of a leftover config are replaced (retired) now too.
  const others = new Map<string, string>();
  const onServerless = new Set<string>();
  for (const { config } of configs.values()) {
    for (const { variant } of variantsOf(config)) {
      for (const name of modelNamesOf(variant)) {
        if (sameName(name, model.ModelName)) continue;
        if (!others.has(key(name))) others.set(key(name), name);
        if (variant.ServerlessConfig !== undefined) onServerless.add(key(name));
      }
    }
  }
  const stranded = new Set<string>();
  for (const leftover of leftovers) {
    for (const name of leftover.strandedModels) {
      if (sameName(name, model.ModelName) || others.has(key(name))) continue;
      others.set(key(name), name);
      stranded.add(key(name));
    }
  }
  const coServed = await mapLimit([...others.values()], ctx.concurrency, (name) =>
    onServerless.has(key(name))
      ? Promise.resolve(serverlessCoServedModel(name))
      : assessCoServedModel(sagemaker, name, exemptTagKey, stranded.has(key(name))),
  );

  const sources: Array<{ description: DescribedModel; tags: Tag[] }> = [
    { description: model, tags: ctx.tags },
    ...coServed.flatMap((m) =>
      m.swap && m.description ? [{ description: m.description, tags: m.tags }] : [],
    ),
  ];
  const swaps = new Map<string, ModelSwap>(
    sources.map(({ description }) => [
      key(description.ModelName),
      { from: description.ModelName, to: cloneModelName(description.ModelName) },
    ]),
  );

  const clones: PlanClone[] = [];
  const risks: PlanRisk[] = [];
  for (const { description, tags } of sources) {
    const built = buildCloneModelInput({
      source: description,
      sourceTags: tags,
      cloneModelName: cloneModelName(description.ModelName),
      lineage,
    });
    clones.push({
      sourceModelName: description.ModelName,
      sourceModelArn: description.ModelArn,
      cloneModelName: built.input.ModelName,
      createModelInput: auditCopyOfCloneRequest(built.input),
    });
    risks.push(...preflight(description).map((risk) => ({ ...risk, modelName: description.ModelName })));
    if (built.droppedTags.length > 0) {
      reasons.push(
        `Model ${description.ModelName} has so many tags that lineage tag(s) ${built.droppedTags.join(', ')} do not fit under the limit of 50: the clone keeps all of the model's own tags instead.`,
      );
    }
  }

  const endpoints: PlanEndpoint[] = targets.flatMap((target) => {
    const entry = configs.get(key(target.configName));
    if (entry === undefined) return [];
    const swapped = uniqueSwaps(
      variantsOf(entry.config).flatMap(({ variant }) =>
        modelNamesOf(variant).flatMap((name) => {
          const swap = swaps.get(key(name));
          return swap ? [swap] : [];
        }),
      ),
    );
    return [
      {
        endpointName: target.endpointName,
        endpointStatus: target.endpointStatus,
        currentConfigName: entry.name,
        newConfigName: isolatedEndpointConfigName(entry.name, swapped),
        swappedModels: swapped,
        variants: variantsOf(entry.config).map(({ kind, variant }) => ({
          variantName: variant.VariantName ?? '',
          kind,
          modelName: variant.ModelName ?? null,
          newModelName: variant.ModelName
            ? (swaps.get(key(variant.ModelName))?.to ?? variant.ModelName)
            : null,
        })),
      },
    ];
  });

  reasons.push(...endpointReasons(model.ModelName, endpoints, ctx.servedBy));
  reasons.push(...coServed.flatMap((m) => (m.reason ? [m.reason] : [])));
  const resources = plannedResources(clones, endpoints, map, swaps, reasons, leftovers);
  if (risks.length > 0) {
    const first = risks[0];
    const example = first ? ` (e.g. ${first.variable} in ${first.modelName} ${first.container})` : '';
    reasons.push(
      `Preflight found ${risks.length} setting(s) that may stop working without network access${example}: a human must approve.`,
    );
  }

  const plan: Plan = {
    ...ctx.decided,
    reasons,
    needsApproval: risks.length > 0,
    risks,
    cloneModelName: cloneModelName(model.ModelName),
    clones,
    endpoints,
    resources,
  };
  return Plan.parse(withinPayloadBudget(plan));
}

function uniqueSwaps(swaps: readonly ModelSwap[]): ModelSwap[] {
  const seen = new Map<string, ModelSwap>();
  for (const swap of swaps) seen.set(key(swap.from), swap);
  return [...seen.values()].sort((a, b) => (key(a.from) < key(b.from) ? -1 : 1));
}

function serverlessCoServedModel(name: string): CoServedModel {
  return {
    name,
    description: undefined,
    tags: [],
    swap: false,
    reason: `Model ${name} shares a config with it on a serverless variant, which cannot run isolated models: it keeps running unchanged.`,
  };
}

async function assessCoServedModel(
  sagemaker: SageMakerReader,
  name: string,
  exemptTagKey: string,
  stranded: boolean,
): Promise<CoServedModel> {
  const found: DescribeModelOutput | undefined = await sagemaker.describeModel(name);
  if (found?.ModelName === undefined || found.ModelArn === undefined) {
    // A model an earlier run swapped out and already retired: nothing left to say.
    const reason = stranded
      ? null
      : `A config also names model ${name}, which does not exist; it is left as it is.`;
    return { name, description: undefined, tags: [], swap: false, reason };
  }
  const description: DescribedModel = { ...found, ModelName: found.ModelName, ModelArn: found.ModelArn };
  if (description.EnableNetworkIsolation === true) {
    return { name, description, tags: [], swap: false, reason: null };
  }
  const tags = await sagemaker.listTags(description.ModelArn);
  if (exemptionOf(tags, exemptTagKey) !== null) {
    return {
      name,
      description,
      tags,
      swap: false,
      reason: `Model ${description.ModelName} shares a config with it but is exempt (${exemptTagKey}): it keeps running unchanged in the new config.`,
    };
  }
  return {
    name,
    description,
    tags,
    swap: true,
    reason: stranded
      ? `Model ${description.ModelName} was swapped out of the same config by an earlier run: it is retired too.`
      : `Model ${description.ModelName} shares a config with it and is not isolated either: it is cloned too and swapped in the same update, so each endpoint is switched once.`,
  };
}

function endpointReasons(
  modelName: string,
  endpoints: readonly PlanEndpoint[],
  servedBy: readonly ServedBy[],
) {
  const reasons: string[] = [];
  if (endpoints.length === 0) {
    reasons.push(
      `No endpoint runs model ${modelName}: sm5 creates its isolated clone and retires the original.`,
    );
  } else {
    const names = endpoints.map((e) => e.endpointName).join(', ');
    reasons.push(
      `${endpoints.length} endpoint(s) run it (${names}); each is switched once to a new config running the isolated clone(s), and is done only when InService on that config.`,
    );
  }
  const busy = new Set(
    servedBy.filter((ref) => isTransitional(ref.endpointStatus)).map((ref) => ref.endpointName),
  );
  for (const endpointName of busy) {
    reasons.push(
      `Endpoint ${endpointName} is changing state: sm5 waits until it settles and reads its config again before switching.`,
    );
  }
  return reasons;
}

interface RetiredConfig {
  name: string;
  replacedBy: string;
}

interface LeftoverConfig extends RetiredConfig {
  /** Other models the earlier run swapped out of this config: replaced already, so retired now too. */
  strandedModels: string[];
}

/**
 * Configs an earlier run replaced but did not retire (it stopped after the switch). The config it created
 * names its source in `sm5:source-config`; that source is retired now if it still exists, no endpoint uses
 * it, and it runs this model. Only configs that run this model's clone are read, so a first run pays
 * nothing for this.
 */
async function leftoverConfigs(
  sagemaker: SageMakerReader,
  map: ServingMap,
  modelName: string,
  reasons: string[],
): Promise<LeftoverConfig[]> {
  const clone = cloneModelName(modelName);
  const modelsOf = (config: DescribeEndpointConfigOutput) =>
    variantsOf(config).flatMap(({ variant }) => modelNamesOf(variant));
  const replacements = [...map.configs.values()].filter((config) =>
    modelsOf(config).some((name) => sameName(name, clone)),
  );
  const found: LeftoverConfig[] = [];
  for (const replacement of replacements) {
    if (replacement.EndpointConfigArn === undefined || replacement.EndpointConfigName === undefined) continue;
    const tags = await sagemaker.listTags(replacement.EndpointConfigArn);
    const sourceName = tags.find((t) => t.Key === TAG_SOURCE_CONFIG)?.Value;
    if (sourceName === undefined || isConfigInUse(map, sourceName)) continue;
    const source = await sagemaker.describeEndpointConfig(sourceName);
    if (source === undefined || !modelsOf(source).some((name) => sameName(name, modelName))) continue;
    const clonesInReplacement = new Set(modelsOf(replacement).map(key));
    found.push({
      name: sourceName,
      replacedBy: replacement.EndpointConfigName,
      strandedModels: modelsOf(source).filter(
        (name) => !sameName(name, modelName) && clonesInReplacement.has(key(cloneModelName(name))),
      ),
    });
    reasons.push(
      `Config ${sourceName} was replaced by ${replacement.EndpointConfigName} in an earlier run and no endpoint uses it any more: it is retired too.`,
    );
  }
  return found;
}

function plannedResources(
  clones: readonly PlanClone[],
  endpoints: readonly PlanEndpoint[],
  map: ServingMap,
  swaps: ReadonlyMap<string, ModelSwap>,
  reasons: string[],
  leftovers: readonly RetiredConfig[],
): PlannedResources {
  const replacedConfigs = new Map<string, RetiredConfig>();
  for (const e of endpoints) {
    replacedConfigs.set(key(e.currentConfigName), { name: e.currentConfigName, replacedBy: e.newConfigName });
  }
  for (const leftover of leftovers) {
    if (!replacedConfigs.has(key(leftover.name))) replacedConfigs.set(key(leftover.name), leftover);
  }
  const switched = new Set(endpoints.map((e) => key(e.endpointName)));

  const retiredConfigs = [...replacedConfigs.values()].filter(({ name }) =>
    map.endpoints.every(
      (view) =>
        switched.has(key(view.name)) ||
        ((view.configName === null || key(view.configName) !== key(name)) &&
          (view.pendingConfigName === null || key(view.pendingConfigName) !== key(name))),
    ),
  );
  const retiredModels = clones.filter((clone) => {
    const stays = servedByOf(map, clone.sourceModelName).filter(
      (ref) => ref.kind === 'inference-component' || !replacedConfigs.has(key(ref.configName)),
    );
    if (stays.length > 0) {
      const where = [...new Set(stays.map((ref) => ref.endpointName))].join(', ');
      reasons.push(
        `Model ${clone.sourceModelName} is also served by ${where}, which this run does not switch: it is kept until nothing uses it.`,
      );
    }
    return stays.length === 0 && swaps.has(key(clone.sourceModelName));
  });

  const createdConfigs = new Map<string, { type: 'endpoint-config'; name: string; from: string }>();
  for (const e of endpoints) {
    createdConfigs.set(key(e.newConfigName), {
      type: 'endpoint-config',
      name: e.newConfigName,
      from: e.currentConfigName,
    });
  }
  return {
    create: [
      ...clones.map((c) => ({ type: 'model' as const, name: c.cloneModelName, from: c.sourceModelName })),
      ...createdConfigs.values(),
    ],
    switch: endpoints.map((e) => ({
      endpointName: e.endpointName,
      fromConfig: e.currentConfigName,
      toConfig: e.newConfigName,
    })),
    retire: [
      ...retiredConfigs.map((c) => ({
        type: 'endpoint-config' as const,
        name: c.name,
        replacedBy: c.replacedBy,
      })),
      ...retiredModels.map((c) => ({
        type: 'model' as const,
        name: c.sourceModelName,
        replacedBy: c.cloneModelName,
      })),
    ],
  };
}

function withinPayloadBudget(plan: Plan): Plan {
  if (new TextEncoder().encode(JSON.stringify(plan)).length <= MAX_PLAN_BYTES) return plan;
  return {
    ...plan,
    clones: plan.clones.map((clone) => ({ ...clone, createModelInput: null })),
    reasons: [
      ...plan.reasons,
      'The clones’ CreateModel requests are left out of this plan to keep it under the Step Functions payload limit; the clone step rebuilds each from its model’s description.',
    ],
  };
}
