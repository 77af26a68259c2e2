/**
 * A crash at every step boundary in turn, then a rerun: the run is stopped (StopExecution) as its k-th
 * Lambda task is entered, or right after that task did its work but before the workflow saw the result,
 * for every k of an uninterrupted run. The rerun must reach the very account the uninterrupted run reached
 * (same models, configs and wiring: nothing created twice), I1 and I2 must hold throughout, the rerun must
 * leave its note (I3) and no lock of its own (I4), and one more run must be a noop that creates nothing (I5).
 *
 * Two reruns are tried. At once: a stopped run cannot release its locks, so the rerun finds them, sees their
 * owner is no longer running and takes them over, and meets the account mid-change (an endpoint still
 * updating to the config the crashed run gave it). And after the lock's lease has run out, when the locks
 * are simply free.
 */
import { describe, expect, it } from 'vitest';
import { lockLeaseSeconds } from '../../src/domain/workflow/settings.ts';
import { CrashableWorkflow, type CrashPoint } from './support/crashable.ts';
import { type AccountShape, findingEvent, scenarioFor } from './support/fixtures.ts';
import { checkLocks, checkNote, checkRerun, mayStayOpen, shapeOf } from './support/invariants.ts';
import { openWorld, type World } from './support/world.ts';

/** fraud on two endpoints that share a config and on a third next to a shadow challenger. */
const ACCOUNT: AccountShape = {
  models: [
    { name: 'fraud', isolated: false, exempt: false },
    { name: 'challenger', isolated: false, exempt: false },
  ],
  configs: [
    { name: 'fraud-shared', production: ['fraud'] },
    { name: 'fraud-ab', production: ['fraud'], shadow: 'challenger' },
  ],
  endpoints: [
    { name: 'fraud-1', config: 'fraud-shared' },
    { name: 'fraud-2', config: 'fraud-shared' },
    { name: 'fraud-ab', config: 'fraud-ab' },
  ],
};

type Rerun = 'at-once' | 'after-lease';

async function crashWorld(): Promise<{ w: World; crashable: CrashableWorkflow }> {
  const w = await openWorld({ scenario: scenarioFor(ACCOUNT), mayStayOpen: mayStayOpen(ACCOUNT) });
  return { w, crashable: new CrashableWorkflow(w.sb, w.workflow) };
}

/** The uninterrupted run: the account it leaves, and how many Lambda tasks it ran. */
async function reference() {
  const { w, crashable } = await crashWorld();
  crashable.arm(null);
  const run = await w.run('fraud', findingEvent('fraud'), crashable.stateMachineArn);
  const shape = shapeOf(w.observer.view());
  const steps = [...crashable.calls];
  const violations = await w.close();
  return { run, shape, steps, violations };
}

/** Crashes a run at `point`, reruns it the `rerun` way, and answers everything that differs or breaks. */
async function crashAndRerun(
  point: CrashPoint,
  rerun: Rerun,
  expected: ReturnType<typeof shapeOf>,
): Promise<string[]> {
  const { w, crashable } = await crashWorld();
  const problems: string[] = [];
  try {
    crashable.arm(point);
    const crashed = await w.run('fraud', findingEvent('fraud'), crashable.stateMachineArn);
    await crashable.settled();
    await w.quiet();
    w.observer.observe();
    if (crashed.status !== 'ABORTED') problems.push(`the crashed run ended ${crashed.status}, not ABORTED`);
    problems.push(...crashable.errors, ...checkLocks(await w.locks(), w));

    const stale = (await w.locks()).filter((lock) => lock.owner === crashed.executionArn);
    if (rerun === 'after-lease') w.sb.clock.advance(lockLeaseSeconds(w.workflow.settings) + 1);
    const second = await w.run('fraud');
    const tookOver = second.states.filter((state) => state.startsWith('TakeOver'));
    if (rerun === 'at-once' && stale.length > 0 && tookOver.length === 0) {
      problems.push(
        `the rerun met the stopped run's locks (${stale.map((l) => l.pk).join(', ')}) and took none over`,
      );
    }
    if (second.outcome !== 'remediated' && second.outcome !== 'noop') {
      problems.push(`the rerun ended ${second.outcome} (${second.status} ${second.error ?? ''})`);
    }
    problems.push(...checkNote(second));
    const own = (await w.locks()).filter((lock) => lock.owner === second.executionArn);
    if (own.length > 0) problems.push(`I4: the rerun left its locks ${own.map((l) => l.pk).join(', ')}`);
    problems.push(...checkLocks(await w.locks(), w));

    const shape = shapeOf(w.observer.view());
    if (JSON.stringify(shape) !== JSON.stringify(expected)) {
      problems.push(
        `the account differs from an uninterrupted run's:\n${JSON.stringify(shape)}\nexpected\n${JSON.stringify(expected)}`,
      );
    }
    const third = await w.run('fraud');
    problems.push(...checkNote(third), ...checkRerun(third, w.sb.requestLog));
  } finally {
    problems.push(...(await w.close()));
  }
  return problems;
}

describe('a crash at every step boundary, then a rerun', () => {
  it('reaches the account an uninterrupted run reaches, creating nothing twice, with I1-I5 intact', async () => {
    // Prepare: the uninterrupted run, for the account to reach and the steps to crash at
    const ref = await reference();
    expect(ref.run.outcome).toBe('remediated');
    expect(ref.violations).toEqual([]);
    expect(ref.steps.length).toBeGreaterThan(15);
    const points: { point: CrashPoint; rerun: Rerun }[] = ref.steps.flatMap((_, i) => [
      { point: { step: i + 1, when: 'before' as const }, rerun: 'at-once' as const },
      { point: { step: i + 1, when: 'after' as const }, rerun: 'at-once' as const },
      { point: { step: i + 1, when: 'after' as const }, rerun: 'after-lease' as const },
    ]);

    // Act: each crash point on its own account
    const failures: string[] = [];
    for (const { point, rerun } of points) {
      const problems = await crashAndRerun(point, rerun, ref.shape);
      const step = `${point.when} step ${point.step} (${ref.steps[point.step - 1]}), rerun ${rerun}`;
      failures.push(...problems.map((p) => `${step}: ${p}`));
    }

    // Assess
    expect(failures).toEqual([]);
  }, 120_000);
});
