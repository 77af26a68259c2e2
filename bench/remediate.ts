/**
 * `remediate`: one model on one endpoint through the real workflow. Its wall time against the critical path
 * of the calls it made (times their latency), and the state transitions of a run whose endpoint update
 * takes ten minutes.
 */
import { countByOperation, criticalPath } from './lib/bounds.ts';
import { apiCost, servedModels } from './lib/fixtures.ts';
import type { Parameters } from './lib/parameters.ts';
import { recordCallTimes } from './lib/request-log.ts';
import { median, round, seconds } from './lib/stats.ts';
import { deliverFindings, kindOf, stateTransitions, workflowSandbox } from './lib/workflow.ts';

interface TimedRun {
  wallMs: number;
  boundMs: number;
  chain: Record<string, number>;
  chainCalls: number;
  calls: number;
  transitions: number;
  checks: number;
  waitSeconds: number[];
}

async function remediateOnce(parameters: Parameters, updateSeconds: number): Promise<TimedRun> {
  const { api } = parameters;
  const cost = apiCost({
    latencyMs: api.latency_ms,
    ratePerSecond: api.sagemaker_rate_per_second,
    burst: api.sagemaker_burst,
  });
  const { scenario, findings } = servedModels(1, 1, 'remediate', cost);
  const { sandbox, bus } = await workflowSandbox({
    scenario,
    // One run meets no rate limit, so nothing here needs real time: the update and the Wait states pass on
    // the virtual clock, and the wall time is the calls and the machinery around them.
    clock: 'virtual',
    transitionSeconds: updateSeconds,
  });
  try {
    const recorder = recordCallTimes(sandbox.requestLog, (s, o) => sandbox.faults.latencyFor(s, o));
    const started = performance.now();
    const { executions } = await deliverFindings(bus, findings);
    const [arn] = executions;
    if (arn === undefined || executions.length !== 1) {
      throw new Error(`one finding should start one execution, started ${executions.length}`);
    }
    const result = await sandbox.stepFunctions.waitForExecution(arn);
    const wallMs = performance.now() - started;
    recorder.stop();
    const kind = kindOf(result);
    if (kind.kind !== 'remediated') throw new Error(`the remediation did not succeed: ${kind.detail}`);
    const chain = criticalPath(recorder.calls);
    const history = sandbox.stepFunctions.history(arn);
    const entered = stateTransitions(history);
    const waitSeconds = history.flatMap((e, i) => {
      if (e.type !== 'WaitStateEntered') return [];
      const exited = history.slice(i).find((x) => x.type === 'WaitStateExited');
      return [((exited?.timestamp?.getTime() ?? 0) - (e.timestamp?.getTime() ?? 0)) / 1000];
    });
    return {
      wallMs,
      boundMs: chain.latencyMs,
      chain: countByOperation(chain.calls),
      chainCalls: chain.calls.length,
      calls: recorder.calls.length,
      transitions: entered.length,
      checks: entered.filter((e) => e.stateEnteredEventDetails?.name === 'CheckEndpoint').length,
      waitSeconds,
    };
  } finally {
    await sandbox.stop();
  }
}

export async function remediateBenchmark(parameters: Parameters) {
  const { remediate } = parameters;
  // Warm-up, not reported: the first run in a process pays for loading and compiling the SDK and the engine.
  await remediateOnce(parameters, remediate.update_seconds);
  const runs: TimedRun[] = [];
  for (let i = 0; i < remediate.runs; i++)
    runs.push(await remediateOnce(parameters, remediate.update_seconds));
  const efficiencies = runs.map((r) => r.boundMs / r.wallMs);
  const middle = runs.find((r) => r.boundMs / r.wallMs === median(efficiencies)) ?? runs[0];
  const long = await remediateOnce(parameters, remediate.long_update_seconds);
  return {
    wall_seconds: seconds(median(runs.map((r) => r.wallMs))),
    critical_path_seconds: seconds(median(runs.map((r) => r.boundMs))),
    efficiency: round(median(efficiencies)),
    runs: runs.map((r) => ({
      wall_seconds: seconds(r.wallMs),
      critical_path_seconds: seconds(r.boundMs),
      efficiency: round(r.boundMs / r.wallMs),
    })),
    calls: middle?.calls ?? null,
    critical_path_calls: middle?.chainCalls ?? null,
    critical_path_by_operation: middle?.chain ?? null,
    transitions: middle?.transitions ?? null,
    transitions_10min_update: long.transitions,
    long_update: {
      update_seconds: remediate.long_update_seconds,
      endpoint_checks: long.checks,
      waits_seconds: long.waitSeconds,
      wall_seconds: seconds(long.wallMs),
    },
  };
}
