/**
 * `burst`: 200 findings for 50 models arrive at once (Security Hub sends several per model: consolidated
 * and legacy, member and administrator). Every finding starts an execution; the lock must turn all but one
 * per model into a visible duplicate, and the remediations must go as fast as the rate limits allow.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { DescribeExecutionOutput } from '@aws-sdk/client-sfn';
import { bucketBound, rateBound } from './lib/bounds.ts';
import { apiCost, servedModels } from './lib/fixtures.ts';
import type { Parameters } from './lib/parameters.ts';
import { callsByOperation, throttledFraction, totals } from './lib/request-log.ts';
import { median, round, seconds } from './lib/stats.ts';
import { deliverFindings, failedAttempts, kindOf, type RunKind, workflowSandbox } from './lib/workflow.ts';

type Finished = { arn: string; result: DescribeExecutionOutput; kind: { kind: RunKind; detail: string } };

/**
 * Waits for every execution until `deadline` (a `performance.now()` time); those still running then are
 * returned as unfinished, and stopped with the sandbox.
 */
async function waitUntil(
  engine: { waitForExecution(arn: string): Promise<DescribeExecutionOutput> },
  executions: readonly string[],
  deadline: number,
  onEnd: (arn: string) => void,
): Promise<{ finished: Finished[]; unfinished: string[] }> {
  const stopWaiting = new AbortController();
  const timeUp = sleep(Math.max(0, deadline - performance.now()), 'deadline' as const, {
    signal: stopWaiting.signal,
    ref: false,
  }).catch(() => 'cancelled' as const);
  const outcomes = await Promise.all(
    executions.map(async (arn) => {
      const result = await Promise.race([engine.waitForExecution(arn), timeUp]);
      if (typeof result === 'string') return { arn, result: null };
      onEnd(arn);
      return { arn, result };
    }),
  );
  stopWaiting.abort();
  const finished: Finished[] = [];
  const unfinished: string[] = [];
  for (const { arn, result } of outcomes) {
    if (result === null) unfinished.push(arn);
    else finished.push({ arn, result, kind: kindOf(result) });
  }
  return { finished, unfinished };
}

export async function burstBenchmark(parameters: Parameters, options: { deadline: number }) {
  const { api, burst } = parameters;
  const limit = { ratePerSecond: api.sagemaker_rate_per_second, burst: api.sagemaker_burst };
  const { findings, scenario } = servedModels(
    burst.models,
    burst.findings_per_model,
    'burst',
    apiCost({ latencyMs: api.latency_ms, ...limit }),
  );
  const { sandbox, bus } = await workflowSandbox({
    scenario,
    // Rate limits refill in real time. On the virtual clock the workflow's retry back-off would take no
    // real time, so a throttled step would spend its attempts in milliseconds and fail runs AWS lets through.
    clock: 'real',
    transitionSeconds: burst.update_seconds,
  });
  try {
    const from = sandbox.requestLog.length;
    const started = performance.now();
    const { executions, refused } = await deliverFindings(bus, findings);
    const ended = new Map<string, number>();
    const { finished: results, unfinished } = await waitUntil(
      sandbox.stepFunctions,
      executions,
      options.deadline,
      (arn) => ended.set(arn, performance.now() - started),
    );
    const wallMs = performance.now() - started;
    const log = sandbox.requestLog.slice(from);
    const calls = callsByOperation(log.filter((e) => e.service === 'sagemaker'));
    const otherCalls = callsByOperation(
      log
        .filter((e) => e.service !== 'sagemaker')
        .map((e) => ({ ...e, operation: `${e.service}:${e.operation}` })),
    );
    const count = (kind: RunKind) => results.filter((r) => r.kind.kind === kind).length;
    const endedOf = (kind: RunKind) =>
      results.filter((r) => r.kind.kind === kind).map((r) => ended.get(r.arn) ?? 0);
    const rate = rateBound(calls, limit);
    const bucket = bucketBound(calls, limit);
    const boundSeconds = bucket.seconds + api.latency_ms / 1000;
    const wall = wallMs / 1000;
    const remediations = count('remediated');
    const attempts: Record<string, number> = {};
    // The Retry that gives up first decides whether a run fails: how close the worst run came to it.
    let worst = { attempts: 0, of: '' };
    for (const arn of executions) {
      for (const [key, n] of failedAttempts(sandbox.stepFunctions.history(arn))) {
        attempts[key] = (attempts[key] ?? 0) + n;
        if (n > worst.attempts) worst = { attempts: n, of: key };
      }
    }
    // Every discovery pass (Plan's and Retire's walk over all endpoints) starts with ListEndpoints; each
    // model's run needs two. The account has one endpoint per model, listed 100 to a page.
    const pagesPerPass = Math.max(1, Math.ceil(burst.models / 100));
    const passesStarted = Math.round((calls.ListEndpoints?.admitted ?? 0) / pagesPerPass);
    const failures = results.filter((r) => r.kind.kind === 'failed' || r.kind.kind === 'other-success');

    return {
      findings: findings.length,
      models: burst.models,
      executions: executions.length,
      refused_deliveries: refused.length,
      remediations,
      duplicates: count('duplicate'),
      failed: count('failed'),
      unfinished: unfinished.length,
      deadline_seconds: round((options.deadline - started) / 1000, 1),
      other_outcomes: count('other-success'),
      failures: failures.slice(0, 5).map((r) => r.kind.detail),
      wall_seconds: round(wall),
      bound_seconds: round(boundSeconds),
      bound_operation: bucket.operation,
      efficiency: round(boundSeconds / wall),
      rate_bound_seconds: round(rate.seconds),
      efficiency_vs_rate_bound: round(rate.seconds / wall),
      calls_per_operation: calls,
      calls_per_remediation: remediations === 0 ? null : round(totals(calls).calls / remediations, 1),
      other_calls: otherCalls,
      throttled_fraction: round(throttledFraction(calls), 4),
      discovery_passes: { started: passesStarted, needed: 2 * burst.models },
      failed_task_attempts: attempts,
      most_failed_attempts_in_one_run: worst,
      duplicate_end_seconds:
        endedOf('duplicate').length === 0 ? null : seconds(Math.max(...endedOf('duplicate'))),
      remediation_end_seconds:
        remediations === 0
          ? null
          : {
              median: seconds(median(endedOf('remediated'))),
              last: seconds(Math.max(...endedOf('remediated'))),
            },
    };
  } finally {
    await sandbox.stop();
  }
}
