/**
 * `audit`: `sm5 audit` of a large account against the API's cost, next to the rate bound and to the
 * sequential list-then-describe loop most audits are today.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import * as z from 'zod';
import { startSandbox } from '../src/local/sandbox.ts';
import { bucketBound, type OperationCalls, rateBound } from './lib/bounds.ts';
import { runScript } from './lib/child.ts';
import { apiCost, auditAccount, REGION } from './lib/fixtures.ts';
import type { Parameters } from './lib/parameters.ts';
import { callsByOperation, throttledFraction, totals } from './lib/request-log.ts';
import { round, seconds } from './lib/stats.ts';

const CLIENTS = new URL('./clients/audit-clients.ts', import.meta.url);

const Sm5Result = z.object({
  wall_ms: z.number(),
  models: z.number(),
  not_isolated: z.number(),
  endpoints: z.number(),
  served_models: z.number(),
});

const SequentialResult = z.object({
  wall_ms: z.number(),
  calls: z.number(),
  models_listed: z.number(),
  models_described: z.number(),
  not_isolated: z.number(),
  endpoints_listed: z.number(),
  endpoints_described: z.number(),
  served_models: z.number(),
});

const PAGE = 100;

/** The calls the sequential loop makes on a whole account: every page, every model, every endpoint twice. */
function sequentialCalls(models: number, endpoints: number): number {
  return (
    Math.max(1, Math.ceil(models / PAGE)) + models + Math.max(1, Math.ceil(endpoints / PAGE)) + 2 * endpoints
  );
}

/**
 * The chain no run can shorten: the model pages come one after another, and the last page's models still
 * need DescribeModel then ListTags; likewise endpoint pages, then DescribeEndpoint and DescribeEndpointConfig.
 */
function criticalPathCalls(calls: Readonly<Record<string, OperationCalls>>): number {
  const pages = (operation: string) => Math.max(1, calls[operation]?.admitted ?? 0);
  return Math.max(pages('ListModels') + 2, pages('ListEndpoints') + 2);
}

export async function auditBenchmark(parameters: Parameters) {
  const { api, audit } = parameters;
  const limit = { ratePerSecond: api.sagemaker_rate_per_second, burst: api.sagemaker_burst };
  const sandbox = await startSandbox({
    scenario: auditAccount(
      {
        models: audit.models,
        endpoints: audit.endpoints,
        configs: audit.endpoint_configs,
        isolatedEvery: audit.isolated_every,
      },
      apiCost({ latencyMs: api.latency_ms, ratePerSecond: limit.ratePerSecond, burst: limit.burst }),
    ),
  });
  try {
    const env = sandbox.env();
    const sagemakerCallsSince = (from: number) =>
      callsByOperation(sandbox.requestLog.slice(from).filter((e) => e.service === 'sagemaker'));

    const auditFrom = sandbox.requestLog.length;
    const sm5 = Sm5Result.parse(await runScript(CLIENTS, ['sm5', sandbox.url, REGION], env));
    const calls = sagemakerCallsSince(auditFrom);
    // A fast audit that misses models is no audit: its findings must be the account's.
    const isolated = Math.ceil(audit.models / audit.isolated_every);
    const expected = {
      models: audit.models,
      endpoints: audit.endpoints,
      not_isolated: audit.models - isolated,
    };
    const found = { models: sm5.models, endpoints: sm5.endpoints, not_isolated: sm5.not_isolated };
    if (JSON.stringify(found) !== JSON.stringify(expected) || sm5.served_models !== audit.endpoint_configs) {
      throw new Error(`sm5 audit found ${JSON.stringify({ ...found, served: sm5.served_models })}`);
    }

    // Every bucket full again, so the loop meets the API as the audit did.
    await sleep(Math.ceil((limit.burst / limit.ratePerSecond) * 1000) + 500);
    const loopFrom = sandbox.requestLog.length;
    const loop = SequentialResult.parse(
      await runScript(
        CLIENTS,
        [
          'sequential',
          sandbox.url,
          REGION,
          String(audit.sequential_sample_models),
          String(audit.sequential_sample_endpoints),
        ],
        env,
      ),
    );
    const loopCalls = sagemakerCallsSince(loopFrom);

    const wall = sm5.wall_ms / 1000;
    const rate = rateBound(calls, limit);
    const bucket = bucketBound(calls, limit);
    const pathCalls = criticalPathCalls(calls);
    const criticalPathSeconds = (pathCalls * api.latency_ms) / 1000;
    // The last admitted call still takes its latency to answer.
    const bucketSeconds = bucket.seconds + api.latency_ms / 1000;
    const bound = Math.max(bucketSeconds, criticalPathSeconds);
    const fullLoopCalls = sequentialCalls(loop.models_listed, loop.endpoints_listed);
    const extrapolated = loop.calls < fullLoopCalls;
    const loopSeconds = (loop.wall_ms / 1000) * (fullLoopCalls / loop.calls);
    const configsDescribed = calls.DescribeEndpointConfig?.admitted ?? 0;

    return {
      models: sm5.models,
      not_isolated: sm5.not_isolated,
      endpoints: sm5.endpoints,
      endpoint_configs: audit.endpoint_configs,
      wall_seconds: round(wall),
      bound_seconds: round(bound),
      bound_operation: bucketSeconds >= criticalPathSeconds ? bucket.operation : 'critical path',
      efficiency: round(bound / wall),
      rate_bound_seconds: round(rate.seconds),
      efficiency_vs_rate_bound: round(Math.max(rate.seconds, criticalPathSeconds) / wall),
      critical_path_calls: pathCalls,
      critical_path_seconds: round(criticalPathSeconds),
      calls_per_operation: calls,
      calls_total: totals(calls).calls,
      configs_described_once: configsDescribed === audit.endpoint_configs,
      throttled_fraction: round(throttledFraction(calls), 4),
      sequential: {
        wall_seconds: round(loopSeconds),
        extrapolated,
        measured_wall_seconds: seconds(loop.wall_ms),
        measured_calls: loop.calls,
        measured_models: loop.models_described,
        measured_endpoints: loop.endpoints_described,
        full_account_calls: fullLoopCalls,
        throttled_fraction: round(throttledFraction(loopCalls), 4),
        method:
          'SDK, one call at a time: ListModels (MaxResults 100) then DescribeModel for each, ListEndpoints then DescribeEndpoint and DescribeEndpointConfig for each (no ListTags, no config cache)' +
          (extrapolated ? '; timed on the sample, scaled by the full account\u2019s call count' : ''),
      },
      speedup_vs_sequential: round(loopSeconds / wall, 2),
    };
  } finally {
    await sandbox.stop();
  }
}
