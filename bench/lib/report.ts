/**
 * The report `npm run bench` prints: every section's figures, the machine and the parameters, and each
 * target of issue 6 checked against the figure it is about.
 */
import type { auditBenchmark } from '../audit.ts';
import type { burstBenchmark } from '../burst.ts';
import type { lambdaBenchmark } from '../lambda.ts';
import type { remediateBenchmark } from '../remediate.ts';
import type { MachineFacts } from './machine.ts';
import type { Parameters } from './parameters.ts';

export interface SectionError {
  error: string;
}

export type AuditReport = Awaited<ReturnType<typeof auditBenchmark>>;
export type RemediateReport = Awaited<ReturnType<typeof remediateBenchmark>>;
export type BurstReport = Awaited<ReturnType<typeof burstBenchmark>>;
export type LambdaReport = Awaited<ReturnType<typeof lambdaBenchmark>>;

export interface TargetCheck {
  figure: string;
  value: number | boolean | null;
  target: string;
  met: boolean | null;
}

export interface BenchReport {
  machine: MachineFacts;
  parameters: Parameters;
  started_at: string;
  duration_seconds: number;
  audit?: AuditReport | SectionError;
  remediate?: RemediateReport | SectionError;
  burst?: BurstReport | SectionError;
  lambda?: LambdaReport | SectionError;
  targets: TargetCheck[];
}

export function isError<T extends object>(section: T | SectionError | undefined): section is SectionError {
  return section !== undefined && 'error' in section;
}

function ok<T extends object>(section: T | SectionError | undefined): T | undefined {
  return section === undefined || isError(section) ? undefined : section;
}

const atLeast = (figure: string, value: number | undefined, target: number): TargetCheck => ({
  figure,
  value: value ?? null,
  target: `>= ${target}`,
  met: value === undefined ? null : value >= target,
});

const atMost = (figure: string, value: number | undefined, target: number): TargetCheck => ({
  figure,
  value: value ?? null,
  target: `<= ${target}`,
  met: value === undefined ? null : value <= target,
});

const exactly = (
  figure: string,
  value: number | boolean | undefined,
  target: number | boolean,
): TargetCheck => ({
  figure,
  value: value ?? null,
  target: `= ${target}`,
  met: value === undefined ? null : value === target,
});

/** Issue 6's targets, checked against the figures; `met: null` when the section did not run or failed. */
export function checkTargets(report: Omit<BenchReport, 'targets'>): TargetCheck[] {
  const audit = ok(report.audit);
  const remediate = ok(report.remediate);
  const burst = ok(report.burst);
  const lambda = ok(report.lambda);
  const { parameters } = report;
  const checks: TargetCheck[] = [];
  if (report.audit !== undefined) {
    checks.push(
      atLeast('audit.efficiency', audit?.efficiency, 0.85),
      atMost('audit.throttled_fraction', audit?.throttled_fraction, 0.05),
      exactly('audit.configs_described_once', audit?.configs_described_once, true),
    );
  }
  if (report.remediate !== undefined) {
    checks.push(
      atLeast('remediate.efficiency', remediate?.efficiency, 0.7),
      atMost('remediate.transitions_10min_update', remediate?.transitions_10min_update, 40),
    );
  }
  if (report.burst !== undefined) {
    const { models, findings_per_model } = parameters.burst;
    checks.push(
      exactly('burst.remediations', burst?.remediations, models),
      exactly('burst.duplicates', burst?.duplicates, models * (findings_per_model - 1)),
      exactly('burst.failed', burst?.failed, 0),
    );
  }
  if (report.lambda !== undefined) {
    checks.push(atMost('lambda.max_import_ratio', lambda?.max_import_ratio, 1.3));
  }
  return checks;
}
