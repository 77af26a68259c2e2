/**
 * `sm5 audit`: every model of the account and region with the verdict `sm5 plan` would give it, found
 * with as few calls as the API allows and as fast as its rate limits allow.
 *
 * Two pipelines run at once, because AWS limits each operation's rate separately and neither waits for the
 * other: ListModels → DescribeModel → ListTags (only for models without isolation: an isolated model is a
 * noop whatever its tags), and ListEndpoints → DescribeEndpoint → DescribeEndpointConfig (each distinct
 * config once) → inference components where a config names no model. Every call goes through a per-operation
 * RateGovernor. The verdicts are then the plan's own rules (decideVerdict) applied to what was found.
 */
import type { DescribeEndpointConfigOutput, DescribeModelOutput, Tag } from '@aws-sdk/client-sagemaker';
import { sameName } from '../builders/copy.ts';
import { DEFAULT_EXEMPT_TAG_KEY, TAG_SUPERSEDED_BY } from '../builders/lineage-tags.ts';
import { modelNamesOf, variantsOf } from '../builders/variants.ts';
import { ModelNotFoundError } from '../errors.ts';
import { cloneModelName } from '../naming.ts';
import { discoverServingMap, type ServingMap, servedByOf } from '../plan/discover-serving-map.ts';
import type { PlanRisk, ServedBy } from '../plan/schema.ts';
import { decideVerdict, exemptionOf } from '../plan/verdict.ts';
import { preflight } from '../preflight.ts';
import { type AuditSageMakerPort, governedSageMaker } from './governed-sagemaker.ts';
import { createRateGovernor, type RateGovernor } from './rate-governor.ts';
import { type AuditedModel, AuditReport, type AuditSummary } from './schema.ts';

export interface AuditProgress {
  modelsListed: number;
  /** True once every page of models has been listed. */
  listingDone: boolean;
  modelsDone: number;
  endpointsDone: number;
  endpointsTotal: number | null;
}

export interface AuditOptions {
  account: string;
  region: string;
  exemptTagKey?: string;
  /** Paces every call; default: a fresh `createRateGovernor()`. */
  governor?: RateGovernor;
  onProgress?: (progress: AuditProgress) => void;
}

interface ModelFacts {
  description: DescribeModelOutput & { ModelName: string; ModelArn: string };
  isolated: boolean;
  tags: Tag[];
}

const key = (name: string) => name.toLowerCase();

export async function auditAccount(
  deps: { sagemaker: AuditSageMakerPort },
  options: AuditOptions,
): Promise<AuditReport> {
  const governor = options.governor ?? createRateGovernor();
  const sagemaker = governedSageMaker(deps.sagemaker, governor);
  const progress: AuditProgress = {
    modelsListed: 0,
    listingDone: false,
    modelsDone: 0,
    endpointsDone: 0,
    endpointsTotal: null,
  };
  const report = () => options.onProgress?.({ ...progress });

  // The first failure stops everything still waiting, so a denied permission fails fast, not 1,000 times.
  const stopOnFailure = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((e: unknown) => {
      governor.close(e);
      throw e;
    });

  const servingMap = stopOnFailure(
    discoverServingMap(
      { sagemaker },
      {
        // The governor paces each operation; this only bounds the promises discovery keeps at once.
        concurrency: 10_000,
        onEndpoint: (done, total) => {
          progress.endpointsDone = done;
          progress.endpointsTotal = total;
          report();
        },
      },
    ),
  );
  // Awaited only after the models are listed: keep a rejection from counting as unhandled meanwhile.
  servingMap.catch(() => {});

  const assessed: Promise<ModelFacts | null>[] = [];
  const assess = async (name: string): Promise<ModelFacts | null> => {
    const found = await sagemaker.describeModel(name);
    // Deleted since it was listed: it is no longer in the account.
    if (found?.ModelName === undefined || found.ModelArn === undefined) return null;
    const description = { ...found, ModelName: found.ModelName, ModelArn: found.ModelArn };
    const isolated = found.EnableNetworkIsolation === true;
    let tags: Tag[] = [];
    if (!isolated) {
      try {
        tags = await sagemaker.listTags(description.ModelArn);
      } catch (e) {
        if (e instanceof ModelNotFoundError) return null;
        throw e;
      }
    }
    progress.modelsDone++;
    report();
    return { description, isolated, tags };
  };
  try {
    for await (const names of modelNames(deps.sagemaker, sagemaker, governor)) {
      for (const name of names) {
        const facts = stopOnFailure(assess(name));
        facts.catch(() => {});
        assessed.push(facts);
      }
      progress.modelsListed += names.length;
      report();
    }
    progress.listingDone = true;
    report();
  } catch (e) {
    governor.close(e);
    throw e;
  }

  const [map, found] = await Promise.all([servingMap, Promise.all(assessed)]);
  const facts = found.filter((f): f is ModelFacts => f !== null);
  const byName = new Map(facts.map((f) => [key(f.description.ModelName), f]));
  const exemptTagKey = options.exemptTagKey ?? DEFAULT_EXEMPT_TAG_KEY;
  const models = facts
    .map((f) => auditModel(f, map, byName, exemptTagKey))
    .sort((a, b) => compareNames(a.name, b.name));
  const endpoints = [...map.endpoints]
    .sort((a, b) => compareNames(a.name, b.name))
    .map((e) => ({
      name: e.name,
      status: e.status,
      configName: e.configName,
      pendingConfigName: e.pendingConfigName,
      failureReason: e.failureReason,
    }));
  const apiCalls = Object.fromEntries(
    Object.entries(governor.stats())
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([operation, s]) => [operation, { calls: s.calls, throttled: s.throttled }]),
  );
  return AuditReport.parse({
    version: 1,
    account: options.account,
    region: options.region,
    summary: summarise(models, endpoints.length),
    models,
    endpoints,
    apiCalls,
  });
}

function compareNames(a: string, b: string): number {
  const [ka, kb] = [key(a), key(b)];
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Pages of model names; page by page when the port can, so describing starts with the first page. */
async function* modelNames(
  raw: AuditSageMakerPort,
  governed: ReturnType<typeof governedSageMaker>,
  governor: RateGovernor,
): AsyncGenerator<string[]> {
  const namesOf = (models: readonly { ModelName?: string | undefined }[]) =>
    models.flatMap((m) => (m.ModelName ? [m.ModelName] : []));
  const listPage = raw.listModelsPage?.bind(raw);
  if (listPage === undefined) {
    yield namesOf(await governed.listModels());
    return;
  }
  let token: string | undefined;
  const seen = new Set<string>();
  do {
    const page = await governor.run('ListModels', () => listPage(token));
    yield namesOf(page.models);
    // A service that repeats its token would otherwise be paged forever.
    if (page.nextToken !== undefined && seen.has(page.nextToken)) break;
    token = page.nextToken;
    if (token !== undefined) seen.add(token);
  } while (token !== undefined);
}

function summarise(models: readonly AuditedModel[], endpoints: number): AuditSummary {
  const count = (test: (m: AuditedModel) => boolean) => models.filter(test).length;
  return {
    models: models.length,
    isolated: count((m) => m.isolated),
    notIsolated: count((m) => !m.isolated),
    remediate: count((m) => m.verdict === 'remediate'),
    needsApproval: count((m) => m.needsApproval),
    blocked: count((m) => m.verdict === 'blocked'),
    noop: count((m) => m.verdict === 'noop'),
    endpoints,
  };
}

function auditModel(
  facts: ModelFacts,
  map: ServingMap,
  byName: ReadonlyMap<string, ModelFacts>,
  exemptTagKey: string,
): AuditedModel {
  const { description, isolated, tags } = facts;
  const name = description.ModelName;
  const servedBy = [...servedByOf(map, name)].sort(
    (a, b) =>
      compareNames(a.endpointName, b.endpointName) || compareNames(a.variantName ?? '', b.variantName ?? ''),
  );
  const decision = decideVerdict({
    model: { name, isolated },
    tags,
    servedBy,
    endpoints: map.endpoints,
    exemptTagKey,
  });
  const remediate = decision.verdict === 'remediate';
  const risks = remediate ? risksOfRemediation(facts, map, byName, servedBy, exemptTagKey) : [];
  const reasons = [...decision.reasons];
  if (risks.length > 0) {
    reasons.push(
      `Preflight found ${risks.length} setting(s) that may stop working without network access: a human must approve.`,
    );
  }
  return {
    name,
    arn: description.ModelArn,
    isolated,
    verdict: decision.verdict,
    needsApproval: risks.length > 0,
    reasons,
    risks,
    servedBy,
    cloneModelName: remediate ? cloneModelName(name) : null,
    supersededBy: tags.find((t) => t.Key === TAG_SUPERSEDED_BY)?.Value ?? null,
  };
}

/** One config per endpoint: the one it runs, or, only while an update moves it there, the pending one. */
function configsToReplace(servedBy: readonly ServedBy[], map: ServingMap): DescribeEndpointConfigOutput[] {
  const chosen = new Map<string, ServedBy>();
  for (const ref of servedBy) {
    const current = chosen.get(key(ref.endpointName));
    if (current === undefined || (current.pending && !ref.pending)) chosen.set(key(ref.endpointName), ref);
  }
  const configs = new Map<string, DescribeEndpointConfigOutput>();
  for (const ref of chosen.values()) {
    const config = map.configs.get(key(ref.configName));
    if (config !== undefined) configs.set(key(ref.configName), config);
  }
  return [...configs.values()];
}

/**
 * The plan swaps, in the same update, every other model of the replaced configs that is not isolated,
 * not exempt and not on a serverless variant; their risks are the remediation's risks too.
 */
function risksOfRemediation(
  facts: ModelFacts,
  map: ServingMap,
  byName: ReadonlyMap<string, ModelFacts>,
  servedBy: readonly ServedBy[],
  exemptTagKey: string,
): PlanRisk[] {
  const name = facts.description.ModelName;
  const others = new Map<string, string>();
  const onServerless = new Set<string>();
  for (const config of configsToReplace(servedBy, map)) {
    for (const { variant } of variantsOf(config)) {
      for (const other of modelNamesOf(variant)) {
        if (sameName(other, name)) continue;
        if (!others.has(key(other))) others.set(key(other), other);
        if (variant.ServerlessConfig !== undefined) onServerless.add(key(other));
      }
    }
  }
  const swapped = [...others.keys()].flatMap((k) => {
    const other = byName.get(k);
    const swaps =
      other !== undefined &&
      !onServerless.has(k) &&
      !other.isolated &&
      exemptionOf(other.tags, exemptTagKey) === null;
    return swaps ? [other] : [];
  });
  return [facts, ...swapped].flatMap((f) =>
    preflight(f.description).map((risk) => ({ ...risk, modelName: f.description.ModelName })),
  );
}
