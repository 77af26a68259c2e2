/**
 * How many cases a property runs and from which seed. The defaults keep `npm test` fast and reproducible;
 * `SM5_SEED`, `SM5_RUNS` and `SM5_PATH` (the `path` fast-check prints with a failure) replay a failure or
 * run deeper locally, e.g. `SM5_SEED=7 SM5_RUNS=500 npx vitest run test/reliability`.
 */
import type fc from 'fast-check';

/** The seed every property starts from unless SM5_SEED says otherwise. */
export const DEFAULT_SEED = 20_261_126;

function integerFromEnv(name: string, min: number): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name}=${raw} is not an integer >= ${min}`);
  }
  return value;
}

/**
 * fast-check parameters for a property that runs `defaultRuns` cases by default. A failure report names
 * the seed and the path, and shows the shrunk case; paste them into SM5_SEED and SM5_PATH to replay it.
 */
export function propertyParameters<T>(defaultRuns: number): fc.Parameters<T> {
  const seed = integerFromEnv('SM5_SEED', Number.MIN_SAFE_INTEGER) ?? DEFAULT_SEED;
  const numRuns = integerFromEnv('SM5_RUNS', 1) ?? defaultRuns;
  const path = process.env.SM5_PATH?.trim();
  return { seed, numRuns, ...(path ? { path } : {}) };
}
