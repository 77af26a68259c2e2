/** The readable side of the report, for stderr: each figure next to its bound, then the targets. */
import { type BenchReport, isError } from './report.ts';

const s = (value: number) => `${value.toFixed(2)} s`;
const pct = (value: number) => `${(value * 100).toFixed(1)} %`;
const kib = (bytes: number) => `${Math.round(bytes / 1024)} KiB`;
const interval = (range: readonly number[] | undefined) =>
  range === undefined ? '-' : range.map((r) => r.toFixed(2)).join('-');

function section<T extends object>(
  name: string,
  value: T | { error: string } | undefined,
  lines: (v: T) => string[],
): string[] {
  if (value === undefined) return [];
  if (isError(value)) return [`${name}: FAILED: ${value.error}`];
  return [`${name}:`, ...lines(value).map((line) => `  ${line}`)];
}

export function summary(report: BenchReport): string {
  const { machine, parameters } = report;
  const { api } = parameters;
  const out: string[] = [
    `sm5 bench on ${machine.cpus} x ${machine.model}, ${machine.memory_gib} GiB, Node ${machine.node}, ${report.duration_seconds.toFixed(0)} s`,
    `API cost: ${api.latency_ms} ms per call; SageMaker ${api.sagemaker_rate_per_second} calls/s per operation, burst ${api.sagemaker_burst}`,
    '',
    ...section('audit', report.audit, (a) => [
      `${a.models} models, ${a.endpoints} endpoints, ${a.endpoint_configs} configs: ${s(a.wall_seconds)}`,
      `bound ${s(a.bound_seconds)} (${a.bound_operation}, token bucket): efficiency ${a.efficiency}; vs calls/rate ${s(a.rate_bound_seconds)}: ${a.efficiency_vs_rate_bound}`,
      `sequential loop ${s(a.sequential.wall_seconds)}${a.sequential.extrapolated ? ' (scaled from a sample)' : ''}: speedup ${a.speedup_vs_sequential}x`,
      `calls ${a.calls_total}, throttled ${pct(a.throttled_fraction)}, each config described once: ${a.configs_described_once}`,
      `per operation: ${Object.entries(a.calls_per_operation)
        .map(([op, c]) => `${op} ${c.calls}`)
        .join(', ')}`,
    ]),
    ...section('remediate', report.remediate, (r) => [
      `one model, one endpoint: ${s(r.wall_seconds)} vs critical path ${s(r.critical_path_seconds)} (${r.critical_path_calls} of ${r.calls} calls in sequence): efficiency ${r.efficiency}`,
      `ten-minute update: ${r.transitions_10min_update} state transitions, ${r.long_update.endpoint_checks} checks, waits ${r.long_update.waits_seconds.join('+')} s`,
    ]),
    ...section('burst', report.burst, (b) => [
      `${b.findings} findings for ${b.models} models: ${b.remediations} remediated, ${b.duplicates} duplicates, ${b.failed} failed, ${b.unfinished} unfinished after ${b.deadline_seconds} s`,
      `${s(b.wall_seconds)} vs bound ${s(b.bound_seconds)} (${b.bound_operation}): efficiency ${b.efficiency}; throttled ${pct(b.throttled_fraction)}; ${b.calls_per_remediation} SageMaker calls per remediation`,
      `failed task attempts (retried or caught): ${
        Object.entries(b.failed_task_attempts)
          .map(([key, n]) => `${key} ${n}`)
          .join(', ') || 'none'
      }; worst run: ${b.most_failed_attempts_in_one_run.attempts} x ${b.most_failed_attempts_in_one_run.of || '-'}`,
      `endpoint discovery passes started ${b.discovery_passes.started}, needed ${b.discovery_passes.needed}; remediations ended by ${b.remediation_end_seconds?.median ?? '-'} s (median), ${b.remediation_end_seconds?.last ?? '-'} s (last)`,
    ]),
    ...section('lambda', report.lambda, (l) => [
      `baseline (SageMaker client only): ${kib(l.baseline.bundle_bytes)}, import ${l.baseline.import_ms} ms`,
      ...l.handlers.map(
        (h) =>
          `${h.handler.padEnd(23)} ${kib(h.bundle_bytes).padStart(8)} (x${h.bundle_ratio.toFixed(2)})  import ${h.import_ms.toFixed(1).padStart(6)} ms (x${h.import_ratio.toFixed(2)}, resampled 90 % ${interval(h.import_ratio_90)})  largest: ${h.largest[0]?.from ?? '-'}`,
      ),
    ]),
    '',
    'targets:',
    ...report.targets.map((t) => {
      const mark = t.met === null ? 'n/a ' : t.met ? 'met ' : 'MISS';
      return `  ${mark} ${t.figure} = ${String(t.value)} (target ${t.target})`;
    }),
  ];
  return `${out.join('\n')}\n`;
}
