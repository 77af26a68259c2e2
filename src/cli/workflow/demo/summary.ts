/** The demo's closing table: one row per run, what it was expected to do and what it did. */
import { renderTable } from '../../table.ts';
import type { AuditTrail } from '../audit-trail.ts';
import type { Expectation } from './script.ts';

export interface RunResult {
  readonly expectation: Expectation;
  readonly trail: AuditTrail;
  /** The finding's status in Security Hub after the run. */
  readonly findingStatus: string;
}

/** What differs from the expectation, in words; empty when the run did what it should. */
export function differences(result: RunResult): string[] {
  const { expectation, trail, findingStatus } = result;
  const problems: string[] = [];
  if (trail.outcome !== expectation.outcome) {
    problems.push(`outcome ${trail.outcome}, expected ${expectation.outcome}`);
  }
  const switched = trail.resources.switched.map((s) => s.endpointName).sort();
  const wanted = [...expectation.switched].sort();
  if (switched.join(',') !== wanted.join(',')) {
    problems.push(`switched [${switched.join(', ')}], expected [${wanted.join(', ')}]`);
  }
  if (findingStatus !== expectation.findingStatus) {
    problems.push(`finding ${findingStatus}, expected ${expectation.findingStatus}`);
  }
  if (trail.outcome === 'remediated' && trail.plan?.cloneModelName === undefined) {
    problems.push('remediated without a clone in its plan');
  }
  return problems;
}

const ANSWERED = { approve: 'approved', reject: 'rejected' } as const;

export function startedBy(expectation: Expectation): string {
  const after =
    expectation.start.via === 'rule' && expectation.start.after ? `, after ${expectation.start.after}` : '';
  const source = `${expectation.finding === 'ocsf' ? 'rule (OCSF)' : 'rule'}${after}`;
  const start = expectation.start.via === 'rule' ? source : `sm5 start --mode ${expectation.start.mode}`;
  return expectation.answer === undefined ? start : `${start}, ${ANSWERED[expectation.answer.decision]}`;
}

/** What the demo expects of each run, and why, shown before it starts. */
export function renderExpectations(expectations: readonly Expectation[]): string {
  return renderTable(
    ['MODEL', 'STARTED BY', 'EXPECTED', 'WHY'],
    expectations.map((e) => [e.model, startedBy(e), e.outcome, e.why]),
  );
}

export function renderSummary(results: readonly RunResult[]): string {
  const rows = results.map((result) => {
    const { expectation, trail } = result;
    const problems = differences(result);
    const switched = trail.resources.switched.map((s) => s.endpointName);
    return [
      expectation.model,
      startedBy(expectation),
      problems.length === 0
        ? `${trail.outcome} (as expected)`
        : `${trail.outcome} (EXPECTED ${expectation.outcome})`,
      trail.outcome === 'remediated' ? (trail.plan?.cloneModelName ?? '-') : '-',
      switched.length === 0 ? '-' : switched.join(', '),
      result.findingStatus,
    ];
  });
  return renderTable(['MODEL', 'STARTED BY', 'VERDICT', 'NEW MODEL', 'ENDPOINTS SWITCHED', 'FINDING'], rows);
}
