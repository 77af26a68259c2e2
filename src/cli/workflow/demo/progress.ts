/**
 * Live progress for the demo: watches executions' histories and prints a line when a run reaches a step
 * that matters to a reader (its plan, an approval wait, a clone, each endpoint's switch and check, the
 * retirement, the outcome), stamped with the sandbox clock relative to the start of the demo.
 */
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { foldHistory, type HistoryStep } from '../history-steps.ts';
import { at, str } from '../loose-json.ts';
import { stepDetail } from '../step-details.ts';

export interface WatchedRun {
  readonly executionArn: string;
  /** Shown at the start of each line. */
  readonly label: string;
}

export interface ProgressOptions {
  /** The execution's history so far (the demo reads the sandbox's engine directly). */
  readonly history: (executionArn: string) => readonly HistoryEvent[];
  readonly write: (line: string) => void;
  /** Sandbox-clock milliseconds the `+mm:ss` stamps count from. */
  readonly origin: number;
  readonly labelWidth: number;
}

const MILESTONES = new Set([
  'CloneModel',
  'SwitchEndpoint',
  'EndpointNotSwitched',
  'TakeOverModelLock',
  'TakeOverEndpointLock',
  'Retire',
  'Duplicate',
]);

function planLine(step: HistoryStep): string {
  const verdict = str(at(step.result, 'verdict'));
  if (verdict === undefined) return '';
  const reasons = at(step.result, 'reasons');
  const first = Array.isArray(reasons) && typeof reasons[0] === 'string' ? reasons[0] : '';
  if (verdict !== 'remediate') return `plan: ${verdict}: ${first}`;
  const clone = str(at(step.result, 'cloneModelName')) ?? '?';
  const endpoints = at(step.result, 'endpoints');
  const count = Array.isArray(endpoints) ? endpoints.length : 0;
  const approval = at(step.result, 'needsApproval') === true ? '; it needs approval' : '';
  return `plan: remediate: clone as ${clone}, switch ${count} endpoint(s)${approval}`;
}

/** The line a step earns, or '' when it is not worth one. */
function lineOf(step: HistoryStep): string {
  const endpoint = str(at(step.input, 'endpoint', 'endpointName'));
  const prefix = endpoint === undefined ? '' : `${endpoint}: `;
  if (step.name === 'Plan' && step.status === 'succeeded') return planLine(step);
  if (step.name === 'RequestApproval' && step.status === 'running') return 'waiting for approval';
  if (step.name === 'CheckEndpoint' && at(step.result, 'state') === 'done') return prefix + stepDetail(step);
  const phase = str(at(step.parameters, 'input', 'phase'));
  if (
    phase !== undefined &&
    phase !== 'started' &&
    phase !== 'awaiting-approval' &&
    step.exitedAt !== undefined
  ) {
    const outcome = str(at(step.result, 'outcome')) ?? phase;
    const status = str(at(step.result, 'status'));
    return `outcome: ${outcome}${status === undefined ? '' : `, finding ${status}`}`;
  }
  if (MILESTONES.has(step.name) && step.exitedAt !== undefined) return prefix + stepDetail(step);
  return '';
}

function stamp(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `+${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
}

export class ProgressWatcher {
  private readonly runs: WatchedRun[] = [];
  private readonly printed = new Map<string, Set<number>>();
  private readonly ended = new Set<string>();

  constructor(private readonly options: ProgressOptions) {}

  watch(run: WatchedRun): void {
    this.runs.push(run);
    this.printed.set(run.executionArn, new Set());
  }

  /** Prints what happened since the last poll, in sandbox-clock order. */
  poll(): void {
    const lines: { at: number; text: string }[] = [];
    for (const run of this.runs) {
      if (this.ended.has(run.executionArn)) continue;
      const folded = foldHistory(this.options.history(run.executionArn));
      const done = this.printed.get(run.executionArn) ?? new Set<number>();
      folded.steps.forEach((step, index) => {
        if (done.has(index)) return;
        const text = lineOf(step);
        if (text === '') return;
        // A wait for approval is news when it begins; everything else when it is over.
        if (step.status === 'running' && step.name !== 'RequestApproval') return;
        done.add(index);
        const when = (step.status === 'running' ? step.enteredAt : step.exitedAt)?.getTime() ?? 0;
        lines.push({ at: when, text: `${run.label.padEnd(this.options.labelWidth)}  ${text}` });
      });
      if (folded.end !== undefined) {
        this.ended.add(run.executionArn);
        if (folded.end.failure !== undefined && folded.end.type !== 'ExecutionSucceeded') {
          const { error, cause } = folded.end.failure;
          const text = `run ended ${folded.end.type.replace('Execution', '').toLowerCase()}: ${error} ${cause}`;
          lines.push({
            at: folded.end.at?.getTime() ?? 0,
            text: `${run.label.padEnd(this.options.labelWidth)}  ${text}`,
          });
        }
      }
    }
    lines.sort((a, b) => a.at - b.at);
    for (const line of lines) this.options.write(`  ${stamp(line.at - this.options.origin)}  ${line.text}`);
  }
}
