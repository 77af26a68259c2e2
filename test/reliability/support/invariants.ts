/**
 * I3, I4 and I5 over what runs left behind, and the end state a run (or a rerun once the faults stop) must
 * reach. Each check answers the violations it found, as sentences, so a failing property prints them next to
 * the seed and the shrunk case. (I1 and I2 are checked continuously by the observer.)
 */
import { TAG_SUPERSEDED_BY } from '../../../src/domain/builders/lineage-tags.ts';
import { cloneModelName, ISOLATED_MARKER } from '../../../src/domain/naming.ts';
import { lockLeaseSeconds } from '../../../src/domain/workflow/settings.ts';
import type { RequestLogEntry, Sandbox } from '../../../src/local/sandbox.ts';
import { type AccountShape, modelArn } from './fixtures.ts';
import type { AccountView } from './observer.ts';
import type { LockItem, RunRecord, World } from './world.ts';

/** The note a run's outcome must leave on the finding (notes.ts words each outcome this way). */
const OUTCOME_NOTES: Readonly<Record<string, RegExp>> = {
  remediated: /: isolated model /,
  noop: /: nothing to do/,
  blocked: / was not changed/,
  failed: /: failed for model /,
  'dry-run': /dry run, nothing changed/,
  rejected: / was rejected/,
  'approval-timed-out': /nobody approved the plan/,
};

function shortName(executionArn: string): string {
  return executionArn.split(':').at(-1) ?? executionArn;
}

/**
 * I3: a run that took the model's lock leaves a note naming the run and saying how it ended, as its last
 * word on the finding (and, when runs of one finding do not overlap, as the finding's last word). A run
 * Normalize refused has no finding of ours to write on (and must not touch one); a duplicate writes nothing
 * because the run holding the lock will (see `checkDuplicate`).
 */
export function checkNote(
  run: Pick<RunRecord, 'executionArn' | 'modelName' | 'outcome' | 'findingUpdates'>,
  options: { lastWord: boolean } = { lastWord: true },
): string[] {
  const where = `I3: run ${shortName(run.executionArn)} (${run.outcome}) for ${run.modelName}`;
  if (run.outcome.startsWith('refused:')) {
    return run.findingUpdates.length === 0 ? [] : [`${where} was refused, yet updated the finding`];
  }
  if (run.outcome === 'duplicate') return [];
  const named = (note: string | undefined) =>
    note?.startsWith(`sm5 run ${run.executionArn}:`) === true ||
    note?.startsWith(`sm5 run ${shortName(run.executionArn)}:`) === true;
  const own = run.findingUpdates.filter((u) => named(u.note));
  const last = own.at(-1);
  if (last?.note === undefined) return [`${where} left no note on the finding`];
  const problems: string[] = [];
  const finalNote = run.findingUpdates.at(-1)?.note;
  if (options.lastWord && !named(finalNote)) {
    problems.push(`${where}: the finding's last note is another run's: "${finalNote}"`);
  }
  const expected = OUTCOME_NOTES[run.outcome];
  if (expected === undefined)
    problems.push(`${where}: ended without an outcome; its last note is "${last.note}"`);
  else if (!expected.test(last.note))
    problems.push(`${where}: its last note does not say so: "${last.note}"`);
  if (own.some((u) => u.status === 'NEW'))
    problems.push(`${where}: set the finding back to NEW, which would start a run`);
  return problems;
}

/**
 * A duplicate writes no note: the run holding the lock does. That holds only if the holder is one of the
 * runs that left their own note (or is still running to leave it); a duplicate of a stopped run, or of a run
 * that lost its lock's release, leaves the finding saying nothing about it.
 */
export function checkDuplicate(
  run: Pick<RunRecord, 'executionArn' | 'outcome' | 'duplicateOf'>,
  noted: ReadonlySet<string>,
  world: Pick<World, 'executionStatus'>,
): string[] {
  if (run.outcome !== 'duplicate') return [];
  const owner = run.duplicateOf;
  if (owner !== undefined && (noted.has(owner) || world.executionStatus(owner) === 'RUNNING')) return [];
  const status = owner === undefined ? 'unknown' : world.executionStatus(owner);
  return [
    `I3: run ${shortName(run.executionArn)} ended as a duplicate of ${shortName(owner ?? '?')} (${status}), which left no note for it`,
  ];
}

/**
 * I4: no lock outlives its run. Locks of ended runs are violations; a run stopped from outside
 * (StopExecution) cannot release its locks, so those must at least expire within the lease.
 */
export function checkLocks(
  locks: readonly LockItem[],
  world: Pick<World, 'executionStatus' | 'runs' | 'workflow'>,
): string[] {
  const lease = lockLeaseSeconds(world.workflow.settings);
  return locks.flatMap((lock) => {
    const status = world.executionStatus(lock.owner);
    if (status === 'RUNNING') return [];
    if (status === 'ABORTED') {
      const run = world.runs.find((r) => r.executionArn === lock.owner);
      const bound = (run?.startedAt ?? 0) + lease;
      return lock.expiresAt <= bound
        ? []
        : [`I4: lock ${lock.pk} of stopped run ${shortName(lock.owner)} expires after its lease`];
    }
    return [`I4: lock ${lock.pk} outlived its run ${shortName(lock.owner)} (${status ?? 'unknown'})`];
  });
}

const MUTATING = /^(Create|Update|Delete|AddTags|DeleteTags|Stop|Start)/;

/** The SageMaker calls that change something, in the request log slice [from, to). */
export function changesIn(log: readonly RequestLogEntry[], from: number, to: number): string[] {
  return log
    .slice(from, to)
    .filter((e) => e.service === 'sagemaker' && MUTATING.test(e.operation) && e.status === 200)
    .map((e) => `${e.operation} ${JSON.stringify(e.input)}`);
}

/** I5: a run after a successful run is a noop and changes nothing in SageMaker. */
export function checkRerun(
  rerun: Pick<RunRecord, 'executionArn' | 'modelName' | 'outcome' | 'requests'>,
  log: readonly RequestLogEntry[],
): string[] {
  const where = `I5: rerun ${shortName(rerun.executionArn)} for ${rerun.modelName} after a remediation`;
  const problems: string[] = [];
  if (rerun.outcome !== 'noop') problems.push(`${where} ended ${rerun.outcome}, not noop`);
  const changes = changesIn(log, rerun.requests.from, rerun.requests.to);
  if (changes.length > 0) problems.push(`${where} changed: ${changes.join('; ')}`);
  return problems;
}

/** Every call the sandbox answered in [from, to), as `service.Operation`. */
export function callsIn(sb: Pick<Sandbox, 'requestLog'>, from: number, to = sb.requestLog.length): string[] {
  return sb.requestLog.slice(from, to).map((e) => `${e.service}.${e.operation}`);
}

// ---- the end state ----

/** Models an endpoint runs on a serverless variant: they cannot run isolated there. */
export function serverlessBound(account: AccountShape): Set<string> {
  const deployed = new Set(account.endpoints.map((e) => e.config));
  return new Set(
    account.configs.filter((c) => c.serverless && deployed.has(c.name)).flatMap((c) => [...c.production]),
  );
}

/** Models sm5 must leave alone without isolation: exempt, or run by an endpoint on a serverless variant. */
export function mayStayOpen(account: AccountShape): Set<string> {
  return new Set([...account.models.filter((m) => m.exempt).map((m) => m.name), ...serverlessBound(account)]);
}

/** Models a remediation can and must fix: not isolated, not exempt, on no serverless variant in use. */
export function fixable(account: AccountShape): Set<string> {
  const open = mayStayOpen(account);
  return new Set(account.models.filter((m) => !m.isolated && !open.has(m.name)).map((m) => m.name));
}

/**
 * The account once every fixable model is fixed: each has its isolated clone; in delete mode the original
 * is gone, in retain mode it is kept and tagged superseded by the clone; the others are kept as they were,
 * and only a model bound to a serverless variant may have gained a clone (where it shares an instance-backed
 * config with a fixable model, that variant is isolated; the serverless endpoint keeps the original); every
 * endpoint is InService on a config that runs only isolated (or allowed) models; every config sm5 created
 * runs on some endpoint (a rerun reuses what an earlier run created: no duplicate).
 */
export function checkFixed(
  view: AccountView,
  account: AccountShape,
  options: { retain: boolean; tagsOf: (arn: string) => readonly { Key: string; Value: string }[] },
): string[] {
  const problems: string[] = [];
  const mustFix = fixable(account);
  const open = mayStayOpen(account);
  const mayGainClone = serverlessBound(account);
  for (const model of account.models) {
    const clone = cloneModelName(model.name);
    if (mustFix.has(model.name)) {
      if (view.models.get(clone) !== true)
        problems.push(`model ${model.name} has no isolated clone ${clone}`);
      if (!options.retain && view.models.has(model.name))
        problems.push(`original model ${model.name} was not deleted`);
      if (options.retain) {
        const tag = options.tagsOf(modelArn(model.name)).find((t) => t.Key === TAG_SUPERSEDED_BY);
        if (!view.models.has(model.name))
          problems.push(`original model ${model.name} was deleted in retain mode`);
        else if (tag?.Value !== clone)
          problems.push(`retained model ${model.name} is not tagged superseded by ${clone}`);
      }
    } else {
      if (!view.models.has(model.name))
        problems.push(`model ${model.name}, which sm5 must leave alone, is gone`);
      else if (view.models.get(model.name) !== model.isolated)
        problems.push(`model ${model.name} changed isolation`);
      if (view.models.has(clone) && !mayGainClone.has(model.name)) {
        problems.push(`model ${model.name}, which sm5 must leave alone, was cloned`);
      }
      if (view.models.has(clone) && view.models.get(clone) !== true)
        problems.push(`clone ${clone} is not isolated`);
    }
  }
  const expectedModels = new Set(
    account.models.flatMap((m) => {
      if (mustFix.has(m.name)) return [cloneModelName(m.name), ...(options.retain ? [m.name] : [])];
      return mayGainClone.has(m.name) ? [m.name, cloneModelName(m.name)] : [m.name];
    }),
  );
  for (const name of view.models.keys()) {
    if (!expectedModels.has(name)) problems.push(`unexpected model ${name}`);
  }
  const inUse = new Set(view.endpoints.flatMap((e) => [e.current?.configName, e.pending?.configName]));
  for (const config of view.configs) {
    if (config.includes(ISOLATED_MARKER) && !inUse.has(config))
      problems.push(`config ${config}, created by sm5, runs nowhere`);
  }
  for (const endpoint of view.endpoints) {
    if (endpoint.status !== 'InService' || endpoint.pending !== null) {
      problems.push(
        `endpoint ${endpoint.name} is ${endpoint.status}${endpoint.pending ? ' with an update pending' : ''}`,
      );
    }
    for (const model of endpoint.current?.models ?? []) {
      if (view.models.get(model) !== true && !open.has(model)) {
        problems.push(`endpoint ${endpoint.name} still runs ${model} without network isolation`);
      }
    }
  }
  return problems;
}

/** Names and wiring only (tags name runs, which differ): two accounts in this shape compare equal when alike. */
export function shapeOf(view: AccountView) {
  return {
    models: [...view.models.entries()].sort(),
    configs: [...view.configs].sort(),
    endpoints: view.endpoints.map((e) => ({
      name: e.name,
      status: e.status,
      config: e.current?.configName ?? null,
      pending: e.pending?.configName ?? null,
      models: [...(e.current?.models ?? [])].sort(),
    })),
  };
}
