/**
 * `npm run bench`: sm5 against the sandbox's model of the AWS API (latency per call, a rate limit per
 * operation), each figure next to the lower bound the API allows. One JSON object on stdout, a readable
 * summary on stderr; `--only audit,lambda` runs some sections. What each bound means: docs/performance.md.
 */
import './lib/quiet-sdk.ts';
import { auditBenchmark } from './audit.ts';
import { burstBenchmark } from './burst.ts';
import { lambdaBenchmark } from './lambda.ts';
import { machineFacts } from './lib/machine.ts';
import { PARAMETERS } from './lib/parameters.ts';
import { type BenchReport, checkTargets, type SectionError } from './lib/report.ts';
import { round } from './lib/stats.ts';
import { summary } from './lib/summary.ts';
import { remediateBenchmark } from './remediate.ts';

// The Lambda section first, on a quiet machine: it times process start-ups.
const SECTIONS = ['lambda', 'audit', 'remediate', 'burst'] as const;
type Section = (typeof SECTIONS)[number];

function chosenSections(argv: readonly string[]): Set<Section> {
  const index = argv.indexOf('--only');
  if (index < 0) return new Set(SECTIONS);
  const names = (argv[index + 1] ?? '').split(',').filter((n) => n !== '');
  const chosen = new Set<Section>();
  for (const name of names) {
    const section = SECTIONS.find((s) => s === name);
    if (section === undefined) throw new Error(`--only: unknown section '${name}' (${SECTIONS.join(', ')})`);
    chosen.add(section);
  }
  if (chosen.size === 0) throw new Error(`--only needs a list of sections: ${SECTIONS.join(',')}`);
  return chosen;
}

async function attempt<T>(name: Section, run: () => Promise<T>): Promise<T | SectionError> {
  const started = performance.now();
  process.stderr.write(`bench: ${name}...\n`);
  try {
    const result = await run();
    process.stderr.write(`bench: ${name} done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    return result;
  } catch (error) {
    process.exitCode = 1;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(
      `bench: ${name} failed: ${error instanceof Error ? (error.stack ?? message) : message}\n`,
    );
    return { error: message };
  }
}

const chosen = chosenSections(process.argv.slice(2));
const startedAt = new Date();
const started = performance.now();
const sections: Pick<BenchReport, Section> = {};
if (chosen.has('lambda')) sections.lambda = await attempt('lambda', () => lambdaBenchmark(PARAMETERS));
if (chosen.has('audit')) sections.audit = await attempt('audit', () => auditBenchmark(PARAMETERS));
if (chosen.has('remediate'))
  sections.remediate = await attempt('remediate', () => remediateBenchmark(PARAMETERS));
// Five seconds kept for stopping the sandbox and printing the report.
const deadline = started + (PARAMETERS.budget_seconds - 5) * 1000;
if (chosen.has('burst'))
  sections.burst = await attempt('burst', () => burstBenchmark(PARAMETERS, { deadline }));

const partial = {
  machine: machineFacts(),
  parameters: PARAMETERS,
  started_at: startedAt.toISOString(),
  duration_seconds: round((performance.now() - started) / 1000, 1),
  ...sections,
};
const report: BenchReport = { ...partial, targets: checkTargets(partial) };
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
process.stderr.write(`\n${summary(report)}`);
