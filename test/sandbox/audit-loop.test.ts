import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import { cliEnv, runProcess } from './cli-helpers.ts';
import { modelInput, sandbox } from './helpers.ts';

const SCRIPT = fileURLToPath(new URL('./audit-loop.sh', import.meta.url));
// A few hundred, as auditors have, and two pages of ListModels. Each CLI call costs ~0.5 CPU-second of
// Python start-up: alone on two cores the loop takes about a minute, beside the rest of the suite two.
const MODELS = 200;

/** Mixed-case names, isolation set, unset or false, in an order unrelated to the names. */
function generatedAccount(): { scenario: ScenarioInput; notIsolated: string[] } {
  const models = Array.from({ length: MODELS }, (_, i) => {
    const n = (i * 7919) % MODELS;
    const name = n % 5 === 0 ? `Team${n % 11}-Scorer-${n}` : `model-${String(n).padStart(3, '0')}`;
    const isolation =
      n % 3 === 0 ? { EnableNetworkIsolation: true } : n % 3 === 1 ? { EnableNetworkIsolation: false } : {};
    return modelInput(name, isolation);
  });
  const notIsolated = models.filter((m) => m.EnableNetworkIsolation !== true).map((m) => m.ModelName);
  return { scenario: { models }, notIsolated: notIsolated.sort() };
}

describe("the auditors' shell loop", () => {
  it(`finds exactly the ${MODELS} models' non-isolated ones through the AWS CLI`, {
    timeout: 300_000, // CPU-bound on Python start-up: generous when the rest of the suite shares the two cores
  }, async () => {
    // Prepare
    const { scenario, notIsolated } = generatedAccount();
    const sb = await sandbox({ scenario });

    // Act
    const result = await runProcess('bash', [SCRIPT, sb.url, '8'], cliEnv(sb), 280_000);

    // Assess
    expect(result.timedOut, 'the loop outlived 280 s').toBeUndefined();
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter((line) => line !== '')).toEqual(notIsolated);
    expect(sb.requestLog.filter((e) => e.operation === 'DescribeModel')).toHaveLength(MODELS);
  });
});
