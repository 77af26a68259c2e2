/**
 * Property: findings arriving at once. Every model's finding event, some of them several times (Security
 * Hub sends duplicates), starts its execution at the same moment, under a random fault schedule; runs for
 * models that share configs overlap and contend for the same endpoints and the same originals. I1 and I2
 * hold throughout, each run that took its model's lock leaves its own note (I3), every duplicate names a run
 * that left one, no lock survives (I4), and once the faults stop a round of reruns fixes every fixable model
 * (creating nothing twice).
 *
 * Overlapping runs interleave by the timing of real HTTP calls, so a seed replays the case but not always
 * the same interleaving: a failure here says which invariant broke and how; rerun the seed a few times.
 */
import fc from 'fast-check';
import { describe, it, vi } from 'vitest';
import { seededRandom } from '../../src/local/seeded-random.ts';
import { accountArb, inject, type ScheduledFault, scheduleArb } from './support/arbitraries.ts';
import { type AccountShape, findingEvent, scenarioFor } from './support/fixtures.ts';
import { checkDuplicate, checkFixed, checkLocks, checkNote, mayStayOpen } from './support/invariants.ts';
import { propertyParameters } from './support/params.ts';
import { openWorld } from './support/world.ts';

interface Case {
  readonly account: AccountShape;
  /** How many copies of each model's event arrive at once. */
  readonly copies: readonly number[];
  readonly faults: readonly ScheduledFault[];
  readonly jitterSeed: number;
}

const caseArb: fc.Arbitrary<Case> = accountArb.chain((account) =>
  fc.record({
    account: fc.constant(account),
    copies: fc.array(fc.integer({ min: 1, max: 3 }), {
      minLength: account.models.length,
      maxLength: account.models.length,
    }),
    faults: scheduleArb(account, 1),
    jitterSeed: fc.integer(),
  }),
);

async function violationsOf(c: Case): Promise<string[]> {
  const random = vi.spyOn(Math, 'random').mockImplementation(seededRandom(c.jitterSeed));
  const problems: string[] = [];
  const w = await openWorld({
    scenario: scenarioFor(c.account),
    mayStayOpen: mayStayOpen(c.account),
    register: { mode: 'auto' },
  });
  try {
    for (const { fault } of c.faults) inject(w.sb.faults, fault);
    const events = c.account.models.flatMap((m, i) =>
      Array.from({ length: c.copies[i] ?? 1 }, () => ({ modelName: m.name, input: findingEvent(m.name) })),
    );
    const runs = await w.runAll(events);
    const noted = new Set(runs.filter((r) => r.outcome !== 'duplicate').map((r) => r.executionArn));
    for (const run of runs) {
      problems.push(...checkNote(run, { lastWord: false }), ...checkDuplicate(run, noted, w));
    }
    problems.push(...checkLocks(await w.locks(), w));

    w.sb.faults.reset();
    for (const model of c.account.models) {
      const run = await w.run(model.name);
      problems.push(...checkNote(run), ...checkLocks(await w.locks(), w));
    }
    const fixed = checkFixed(w.observer.view(), c.account, {
      retain: false,
      tagsOf: (arn) => w.sb.store.sagemaker.tagsOf(arn),
    });
    problems.push(...fixed.map((p) => `once the faults stopped: ${p}`));
  } finally {
    problems.push(...(await w.close()));
    random.mockRestore();
  }
  return problems;
}

describe('the workflow under a burst of findings', () => {
  it('keeps I1-I5 while runs overlap, and fixes every fixable model once the faults stop', async () => {
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const problems = [...new Set(await violationsOf(c))];
        if (problems.length > 0) throw new Error(`${problems.length} violation(s):\n${problems.join('\n')}`);
      }),
      propertyParameters(25),
    );
  }, 180_000);
});
