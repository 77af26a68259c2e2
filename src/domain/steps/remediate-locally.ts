/**
 * The whole remediation from one process, for `sm5 remediate` (break-glass: no deployed stack needed). It
 * runs the very steps the workflow runs, in the workflow's order: plan, record the start, clone, then for
 * each endpoint in turn create its config, switch it and wait until it is verified, then retire and record.
 * Endpoints go one at a time so that a rollback on the first stops the run before the others are touched.
 * Once something may have changed, a failure is recorded on the finding and returned, not thrown, so the
 * caller can report what was done before it.
 */
import type { DeploymentOptions } from '../builders/build-update-endpoint-input.ts';
import { EndpointBusyError } from '../errors.ts';
import type { PlanOptions } from '../plan/make-plan.ts';
import type { Plan } from '../plan/schema.ts';
import type { SageMakerPort, SecurityHubPort } from '../ports.ts';
import type { RemediationRequest } from '../request.ts';
import { type CheckEndpointInput, checkEndpoint, type WaitPolicy } from './check-endpoint.ts';
import { type CloneModelOutput, cloneModel } from './clone-model.ts';
import { type CreateEndpointConfigOutput, createEndpointConfig } from './create-endpoint-config.ts';
import type { Outcome } from './outcome.ts';
import { planStep } from './plan-step.ts';
import { type RecordOutcomeOutput, recordOutcome } from './record-outcome.ts';
import { type RetireMode, type RetireOutput, retire } from './retire.ts';
import { type SwitchEndpointOutput, switchEndpoint } from './switch-endpoint.ts';

export interface LocalRunDeps {
  sagemaker: SageMakerPort;
  securityHub: SecurityHubPort;
  /**
   * Resolves when the endpoint may have settled, waiting about `hint.nextWaitSeconds` or until a waiter
   * sees it leave its transitional state. Its errors are ignored: CheckEndpoint decides what the state means.
   */
  waitForEndpoint: (endpointName: string, hint: { nextWaitSeconds: number }) => Promise<void>;
}

export interface LocalRunOptions extends Pick<PlanOptions, 'exemptTagKey' | 'concurrency'> {
  runId: string;
  /** `delete` (default) removes what was replaced; `retain` keeps it, tagged as superseded. */
  retireMode?: RetireMode;
  deployment?: DeploymentOptions | null;
  waitPolicy?: Partial<WaitPolicy>;
  /** Asked once, with the plan, before anything changes; false ends the run. Omitted means yes (`--yes`). */
  approve?: (plan: Plan) => Promise<boolean>;
  onProgress?: (event: LocalRunEvent) => void;
  /** How often a busy endpoint is waited for and tried again before the run fails (default 5). */
  busyRetries?: number;
}

export type LocalRunEvent =
  | { type: 'planned'; plan: Plan }
  | { type: 'recorded'; outcome: Outcome['kind']; result: RecordOutcomeOutput }
  | { type: 'record-failed'; outcome: Outcome['kind']; error: string }
  | { type: 'cloned'; result: CloneModelOutput }
  | { type: 'endpoint-config'; result: CreateEndpointConfigOutput }
  | { type: 'switched'; result: SwitchEndpointOutput }
  | { type: 'waiting'; endpointName: string; status: string; waitedSeconds: number }
  | { type: 'verified'; endpointName: string; newConfigName: string }
  | { type: 'retired'; result: RetireOutput };

export type LocalRunStatus = 'noop' | 'blocked' | 'declined' | 'succeeded' | 'failed';

export interface LocalEndpointResult {
  config: CreateEndpointConfigOutput;
  switch: SwitchEndpointOutput | null;
  verified: boolean;
}

export interface LocalRunResult {
  status: LocalRunStatus;
  plan: Plan;
  clones: CloneModelOutput[];
  endpoints: LocalEndpointResult[];
  retire: RetireOutput | null;
  /** The last update written to the finding (or built, for a request without a finding). */
  finding: RecordOutcomeOutput | null;
  /** Why the finding could not be updated; the remediation itself does not depend on it. */
  findingError: string | null;
  error: { name: string; message: string } | null;
}

export async function remediateLocally(
  request: RemediationRequest,
  deps: LocalRunDeps,
  options: LocalRunOptions,
): Promise<LocalRunResult> {
  const emit = options.onProgress ?? (() => {});
  const findingState: Pick<LocalRunResult, 'finding' | 'findingError'> = {
    finding: null,
    findingError: null,
  };
  // Break-glass: a Security Hub outage must not stop the fix; the result says the note is missing.
  const record = async (outcome: Outcome) => {
    try {
      findingState.finding = await recordOutcome({ request, runId: options.runId, outcome }, deps);
      emit({ type: 'recorded', outcome: outcome.kind, result: findingState.finding });
    } catch (e) {
      findingState.findingError = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      emit({ type: 'record-failed', outcome: outcome.kind, error: findingState.findingError });
    }
  };

  let plan: Plan;
  try {
    plan = await planStep({ request, runId: options.runId }, deps, {
      retireMode: options.retireMode ?? 'delete',
      ...(options.exemptTagKey ? { exemptTagKey: options.exemptTagKey } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    });
  } catch (e) {
    // Nothing changed and the caller reports the error, but the finding must still say that this run
    // happened and why it stopped, as the workflow's RecordFailure does.
    const error =
      e instanceof Error ? { Error: e.name, Cause: e.message } : { Error: 'Error', Cause: String(e) };
    await record({ kind: 'failed', error, plan: null });
    throw e;
  }
  emit({ type: 'planned', plan });

  const result: Omit<LocalRunResult, 'finding' | 'findingError'> = {
    status: 'failed',
    plan,
    clones: [],
    endpoints: [],
    retire: null,
    error: null,
  };

  if (plan.verdict !== 'remediate') {
    await record({ kind: 'planned', plan, dryRun: false });
    return { ...result, ...findingState, status: plan.verdict };
  }
  if (options.approve && !(await options.approve(plan)))
    return { ...result, ...findingState, status: 'declined' };

  await record({ kind: 'started', plan, awaitingApproval: false });
  let retired: RetireOutput;
  try {
    for (const clone of plan.clones) {
      const cloned = await cloneModel({ clone, lineage: plan.lineage }, deps);
      result.clones.push(cloned);
      emit({ type: 'cloned', result: cloned });
    }
    for (const endpoint of plan.endpoints) {
      await cutOver(endpoint, plan, deps, options, emit, result.endpoints);
    }
    retired = await retire(
      { mode: options.retireMode ?? 'delete', plan, endpoints: result.endpoints.map((e) => e.config) },
      deps,
      options.concurrency ? { concurrency: options.concurrency } : {},
    );
    result.retire = retired;
    emit({ type: 'retired', result: retired });
  } catch (e) {
    const error = {
      name: e instanceof Error ? e.name : 'Error',
      message: e instanceof Error ? e.message : String(e),
    };
    result.error = error;
    await record({ kind: 'failed', error: { Error: error.name, Cause: error.message }, plan });
    return { ...result, ...findingState, status: 'failed' };
  }
  await record({
    kind: 'succeeded',
    plan,
    endpoints: result.endpoints.map((e) => e.config),
    retire: retired,
  });
  return { ...result, ...findingState, status: 'succeeded' };
}

async function cutOver(
  endpoint: Plan['endpoints'][number],
  plan: Plan,
  deps: LocalRunDeps,
  options: LocalRunOptions,
  emit: (event: LocalRunEvent) => void,
  done: LocalEndpointResult[],
): Promise<void> {
  const retries = options.busyRetries ?? 5;
  const whenIdle = <T>(call: () => Promise<T>) => retryWhileBusy(call, endpoint.endpointName, deps, retries);

  const config = await whenIdle(() => createEndpointConfig({ endpoint, lineage: plan.lineage }, deps));
  emit({ type: 'endpoint-config', result: config });
  const entry: LocalEndpointResult = { config, switch: null, verified: false };
  // Kept before the switch, so a failure later still shows which config this endpoint was given.
  done.push(entry);
  const { previousConfigName, newConfigName } = config;
  if (previousConfigName === null || newConfigName === null) return;
  if (config.needsSwitch) {
    const switched = await whenIdle(() =>
      switchEndpoint(
        {
          endpointName: endpoint.endpointName,
          previousConfigName,
          newConfigName,
          deployment: options.deployment,
        },
        deps,
      ),
    );
    entry.switch = switched;
    emit({ type: 'switched', result: switched });
  }
  if (config.needsCheck) {
    await waitUntilVerified(
      {
        endpointName: endpoint.endpointName,
        previousConfigName,
        newConfigName,
        policy: options.waitPolicy ?? {},
      },
      deps,
      emit,
    );
    entry.verified = true;
    emit({ type: 'verified', endpointName: endpoint.endpointName, newConfigName });
  }
}

async function retryWhileBusy<T>(
  call: () => Promise<T>,
  endpointName: string,
  deps: LocalRunDeps,
  retries: number,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof EndpointBusyError) || attempt >= retries) throw e;
      await settle(deps, endpointName, 30);
    }
  }
}

async function settle(deps: LocalRunDeps, endpointName: string, nextWaitSeconds: number): Promise<void> {
  try {
    await deps.waitForEndpoint(endpointName, { nextWaitSeconds });
  } catch {
    // An SDK waiter rejects on Failed and on some rollbacks; the describe that follows reads and names the
    // state, and fails itself if the endpoint cannot be read at all.
  }
}

async function waitUntilVerified(
  first: CheckEndpointInput,
  deps: LocalRunDeps,
  emit: (event: LocalRunEvent) => void,
): Promise<void> {
  let input: CheckEndpointInput = first;
  let wait = first.policy?.initialWaitSeconds ?? 30;
  for (;;) {
    await settle(deps, first.endpointName, wait);
    const check = await checkEndpoint(input, deps);
    if (check.state === 'done') return;
    emit({
      type: 'waiting',
      endpointName: check.endpointName,
      status: check.status,
      waitedSeconds: check.next.waitedSeconds,
    });
    input = check.next;
    wait = check.nextWaitSeconds;
  }
}
