/**
 * `lambda`: each workflow handler bundled as the CDK stack bundles it, its size, and how long a fresh Node
 * process takes to import it (the code part of a cold start), both next to a bundle that holds only a
 * SageMaker client: the floor any step that calls SageMaker pays.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { LAMBDA_BUILD_OPTIONS, sdkSchemaKeys } from '../infra/bundling/lambda-build.ts';
import { WORKFLOW_FUNCTIONS } from '../src/domain/workflow-functions.ts';
import { seededRandom } from '../src/local/seeded-random.ts';
import { runNode } from './lib/child.ts';
import { REGION } from './lib/fixtures.ts';
import type { Parameters } from './lib/parameters.ts';
import { median, round } from './lib/stats.ts';

const PROJECT_ROOT = new URL('..', import.meta.url).pathname;

/** The baseline: a handler that holds a SageMaker client and sends one command, nothing else. */
const SAGEMAKER_ONLY = `
import { DescribeModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
const client = new SageMakerClient({});
export const handler = async (event) => client.send(new DescribeModelCommand({ ModelName: event.name }));
`;

/**
 * Single dependencies the handlers share, bundled alone: what each costs by itself explains the ratios.
 * The Security Hub client is the floor of the step that records outcomes, as the SageMaker one is of the rest.
 */
const REFERENCES: Readonly<Record<string, string>> = {
  // zod as the Lambdas load it: zod/mini and its English messages.
  'zod-mini':
    "import * as z from './src/domain/zod.ts';\nexport const schema = z.strictObject({ name: z.string() });",
  'securityhub-client-only':
    "import { SecurityHubClient } from '@aws-sdk/client-securityhub';\nexport const client = new SecurityHubClient({});",
};

/** A copy of `items` in Fisher-Yates order. */
function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

const RESAMPLES = 2000;

/** The 5th and 95th percentiles of `values`. */
function middle90(values: readonly number[]): [number, number] {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.round(p * (sorted.length - 1))] ?? Number.NaN;
  return [at(0.05), at(0.95)];
}

/**
 * How far each ratio could move with other samples from the same machine: each bundle's times resampled
 * with replacement (a bootstrap) and the ratio computed again; the middle 90 %. Import times here vary by
 * about ±15 % from one process to the next, so a ratio from 31 imports is uncertain by several hundredths.
 */
function ratioSpread(
  base: readonly number[],
  handlers: readonly (readonly number[])[],
  random: () => number,
) {
  const resample = (values: readonly number[]) =>
    median(values.map(() => values[Math.floor(random() * values.length)] ?? Number.NaN));
  const each: number[][] = handlers.map(() => []);
  for (let i = 0; i < RESAMPLES; i++) {
    const baseMs = resample(base);
    for (const [h, times] of handlers.entries()) each[h]?.push(resample(times) / baseMs);
  }
  return each.map(middle90);
}

/** Printed by the child: milliseconds from just before `import()` to its settling. */
const IMPORT_TIMER = `
const started = performance.now();
await import(process.env.SM5_BENCH_BUNDLE);
process.stdout.write(String(performance.now() - started) + '\\n');
`;

interface Bundle {
  name: string;
  file: string;
  bytes: number;
  /** The packages (or source folders) that take the most room in the bundle, largest first. */
  largest: { from: string; bytes: number }[];
}

/** `node_modules/@scope/pkg/...` → `@scope/pkg`; our own files by their folder (`src/domain/plan`). */
function origin(input: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  return pkg?.[1] ?? input.split('/').slice(0, 3).join('/');
}

function largestOrigins(inputs: Readonly<Record<string, { bytesInOutput: number }>>) {
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(inputs)) {
    bytes.set(origin(input), (bytes.get(origin(input)) ?? 0) + bytesInOutput);
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([from, size]) => ({ from, bytes: size }));
}

async function bundle(
  dir: string,
  name: string,
  source: { entry: string } | { contents: string },
): Promise<Bundle> {
  const file = join(dir, name, 'index.mjs');
  // Exactly as the stack bundles each function (infra/bundling), the baseline and references too.
  const { metafile } = await build({
    ...LAMBDA_BUILD_OPTIONS,
    logLevel: 'silent',
    plugins: [sdkSchemaKeys()],
    metafile: true,
    outfile: file,
    absWorkingDir: PROJECT_ROOT,
    ...('entry' in source
      ? { entryPoints: [join(PROJECT_ROOT, source.entry)] }
      : { stdin: { contents: source.contents, resolveDir: PROJECT_ROOT, loader: 'js' } }),
  });
  const output = Object.values(metafile?.outputs ?? {})[0];
  return { name, file, bytes: (await stat(file)).size, largest: largestOrigins(output?.inputs ?? {}) };
}

async function importMs(file: string): Promise<number> {
  const { stdout } = await runNode(['--input-type=module', '-e', IMPORT_TIMER], {
    SM5_BENCH_BUNDLE: pathToFileURL(file).href,
    // What Lambda sets; the handlers read no other variable while loading.
    AWS_REGION: REGION,
    AWS_LAMBDA_FUNCTION_NAME: 'sm5-bench',
    AWS_LAMBDA_LOG_LEVEL: 'ERROR',
  });
  const ms = Number(stdout.trim());
  if (!Number.isFinite(ms)) throw new Error(`import timer printed ${stdout}`);
  return ms;
}

export async function lambdaBenchmark(parameters: Parameters) {
  const dir = await mkdtemp(join(tmpdir(), 'sm5-bench-lambda-'));
  try {
    const baseline = await bundle(dir, 'sagemaker-client-only', { contents: SAGEMAKER_ONLY });
    const handlers: Bundle[] = [];
    for (const fn of WORKFLOW_FUNCTIONS) handlers.push(await bundle(dir, fn.id, { entry: fn.handlerFile }));
    const references: Bundle[] = [];
    for (const [name, contents] of Object.entries(REFERENCES))
      references.push(await bundle(dir, name, { contents }));
    const all = [baseline, ...handlers, ...references];
    const times = new Map<string, number[]>(all.map((b) => [b.name, []]));
    // Each round imports every bundle once, and the baseline twice (every ratio divides by its median), in
    // an order shuffled per round: no bundle always runs right after the baseline, so a slow stretch of
    // the machine is as likely to land on any of them. Seeded, so a run can be repeated.
    const random = seededRandom(parameters.lambda.order_seed);
    const { import_runs: runs, reference_runs: referenceRuns } = parameters.lambda;
    for (let run = 0; run < runs; run++) {
      const round = [baseline, baseline, ...handlers, ...(run < referenceRuns ? references : [])];
      for (const b of shuffled(round, random)) times.get(b.name)?.push(await importMs(b.file));
    }
    const timesOf = (b: Bundle) => times.get(b.name) ?? [];
    const medianOf = (b: Bundle) => median(timesOf(b));
    const baseMs = medianOf(baseline);
    const ratioOf = (b: Bundle) => medianOf(b) / baseMs;
    const spread = ratioSpread(timesOf(baseline), handlers.map(timesOf), random);
    const rows = handlers.map((b, i) => ({
      handler: b.name,
      bundle_bytes: b.bytes,
      bundle_ratio: round(b.bytes / baseline.bytes, 2),
      import_ms: round(medianOf(b), 1),
      import_ratio: round(ratioOf(b), 2),
      import_ratio_90: spread[i]?.map((r) => round(r, 2)),
      largest: b.largest,
    }));
    return {
      baseline: { bundle_bytes: baseline.bytes, import_ms: round(baseMs, 1), largest: baseline.largest },
      handlers: rows,
      references: references.map((b) => ({
        bundle: b.name,
        bundle_bytes: b.bytes,
        import_ms: round(medianOf(b), 1),
        import_ratio: round(ratioOf(b), 2),
      })),
      max_bundle_bytes: Math.max(...rows.map((r) => r.bundle_bytes)),
      max_bundle_ratio: Math.max(...rows.map((r) => r.bundle_ratio)),
      max_import_ratio: Math.max(...rows.map((r) => r.import_ratio)),
      esbuild: {
        ...LAMBDA_BUILD_OPTIONS,
        banner: 'createRequire shim (as the stack)',
        plugins: ['sdkSchemaKeys'],
      },
      node: process.version,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
