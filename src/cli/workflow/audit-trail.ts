/**
 * The audit trail of one execution, as `sm5 history --json` prints it: what the run was about, what it
 * decided and who approved it, what it touched, what it wrote on the finding, and each step with its time
 * and outcome. The shape is versioned (`version: 1`) and only grows: fields are added, never renamed.
 * Everything is read from DescribeExecution and GetExecutionHistory, loosely, so an older or newer
 * workflow still yields a trail (with nulls where it says less).
 */
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { modelArnsOfExecution } from './execution-model.ts';
import { foldHistory, type HistoryStep, type StepFailure } from './history-steps.ts';
import { at, isRecord, parseJsonText, str } from './loose-json.ts';
import { findPendingApproval } from './pending-approval.ts';
import { stepDetail } from './step-details.ts';

const Failure = z.object({ error: z.string(), cause: z.string() });

export const TrailStep = z.object({
  name: z.string(),
  type: z.string(),
  /** Set for the steps of one endpoint's Map iteration. */
  endpoint: z.string().nullable(),
  enteredAt: z.string().nullable(),
  exitedAt: z.string().nullable(),
  status: z.enum(['succeeded', 'caught', 'failed', 'aborted', 'running']),
  /** Attempts after the first (Retry). */
  retries: z.number(),
  /** The error that ended the step (caught by a Catch, or failing the run). */
  error: Failure.nullable(),
  /** One line saying what the step decided or touched. */
  detail: z.string(),
});
export type TrailStep = z.infer<typeof TrailStep>;

export const OUTCOMES = [
  'remediated',
  'noop',
  'blocked',
  'dry-run',
  'rejected',
  'approval-timed-out',
  'duplicate',
  'failed',
  'awaiting-approval',
  'running',
  'aborted',
  'unknown',
] as const;

export const AuditTrail = z.object({
  version: z.literal(1),
  executionArn: z.string(),
  name: z.string(),
  stateMachineArn: z.string().nullable(),
  /** RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
  status: z.string(),
  startDate: z.string().nullable(),
  stopDate: z.string().nullable(),
  outcome: z.enum(OUTCOMES),
  model: z.object({ arn: z.string().nullable(), name: z.string().nullable() }),
  trigger: z.string().nullable(),
  mode: z.string().nullable(),
  /** The run that held the model's lock, for a duplicate. */
  duplicateOf: z.string().nullable(),
  plan: z
    .object({
      verdict: z.string(),
      needsApproval: z.boolean(),
      reasons: z.array(z.string()),
      cloneModelName: z.string().nullable(),
      endpoints: z.array(z.string()),
    })
    .nullable(),
  approval: z
    .object({
      status: z.enum(['pending', 'approved', 'rejected', 'timed-out', 'failed']),
      /** The approver's IAM identity (STS GetCallerIdentity ARN), as `sm5 approve|reject` sent it. */
      by: z.string().nullable(),
      comment: z.string().nullable(),
      reason: z.string().nullable(),
      requestedAt: z.string().nullable(),
      answeredAt: z.string().nullable(),
    })
    .nullable(),
  resources: z.object({
    created: z.array(z.object({ type: z.string(), name: z.string(), action: z.string() })),
    switched: z.array(
      z.object({
        endpointName: z.string(),
        fromConfig: z.string().nullable(),
        toConfig: z.string().nullable(),
      }),
    ),
    notSwitched: z.array(z.object({ endpointName: z.string(), error: z.string().nullable() })),
    retired: z.array(z.object({ type: z.string(), name: z.string(), action: z.string() })),
  }),
  /** What the run last wrote on the finding (null for a run from the CLI, which has no finding). */
  finding: z.object({ status: z.string(), note: z.string(), recorded: z.boolean() }).nullable(),
  /** Why the execution failed, when it did. */
  error: Failure.nullable(),
  steps: z.array(TrailStep),
});
export type AuditTrail = z.infer<typeof AuditTrail>;

// ---- loose readers of the workflow's state and step results ----

/** A non-empty string or null: the trail's JSON says null rather than leaving members out. */
function orNull(value: unknown): string | null {
  return str(value) ?? null;
}

function records(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.flatMap(records);
  if (!isRecord(value)) return [];
  return [value];
}

function iso(date: Date | undefined): string | null {
  return date === undefined ? null : date.toISOString();
}

export function endpointOf(step: HistoryStep): string | null {
  return orNull(at(step.input, 'endpoint', 'endpointName'));
}

const find = (steps: readonly HistoryStep[], name: string) => steps.findLast((step) => step.name === name);

/** The RecordOutcome phase a step was asked to record (`input.phase` of its parameters), if it is one. */
function phaseOf(step: HistoryStep): string | undefined {
  return str(at(step.parameters, 'input', 'phase')) ?? str(at(step.parameters, 'phase'));
}

const PROGRESS_PHASES = new Set(['started', 'awaiting-approval']);

function isOutcome(value: string | null | undefined): value is AuditTrail['outcome'] {
  return typeof value === 'string' && (OUTCOMES as readonly string[]).includes(value);
}

/** A phase's outcome when its RecordOutcome step left no result (it failed and was caught). */
function outcomeOfPhase(phase: string, steps: readonly HistoryStep[]): string {
  if (phase === 'succeeded') return 'remediated';
  if (phase === 'planned')
    return orNull(at(find(steps, 'Plan')?.result, 'verdict')) === 'blocked' ? 'blocked' : 'noop';
  return phase;
}

function outcomeOf(
  steps: readonly HistoryStep[],
  status: string,
  pending: boolean,
  output: unknown,
): AuditTrail['outcome'] {
  if (at(output, 'outcome') === 'duplicate' || find(steps, 'Duplicate')?.status === 'succeeded') {
    return 'duplicate';
  }
  const final = steps.findLast((step) => {
    const phase = phaseOf(step);
    return phase !== undefined && !PROGRESS_PHASES.has(phase);
  });
  if (final !== undefined) {
    const label = orNull(at(final.result, 'outcome')) ?? outcomeOfPhase(phaseOf(final) ?? '', steps);
    if (isOutcome(label)) return label;
  }
  if (status === 'RUNNING') return pending ? 'awaiting-approval' : 'running';
  if (status === 'ABORTED') return 'aborted';
  return status === 'SUCCEEDED' ? 'unknown' : 'failed';
}

function approvalOf(
  steps: readonly HistoryStep[],
  pendingSince: Date | undefined,
  pending: boolean,
): AuditTrail['approval'] {
  const step = find(steps, 'RequestApproval');
  if (step === undefined) return null;
  const requestedAt = iso(step.enteredAt);
  const base = { by: null, comment: null, reason: null, requestedAt, answeredAt: iso(step.exitedAt) };
  if (pending || step.status === 'running') {
    return { ...base, status: 'pending', requestedAt: iso(pendingSince) ?? requestedAt };
  }
  const failure = step.failures.at(-1);
  if (step.lastAttemptFailed && failure !== undefined) {
    if (failure.error === 'ApprovalRejectedError') {
      const cause = parseJsonText(failure.cause);
      return {
        ...base,
        status: 'rejected',
        by: orNull(at(cause, 'approver')),
        reason: orNull(at(cause, 'reason')) ?? (isRecord(cause) ? null : orNull(failure.cause)),
      };
    }
    if (failure.error === 'States.Timeout') return { ...base, status: 'timed-out' };
    return { ...base, status: 'failed', reason: `${failure.error}: ${failure.cause}` };
  }
  return {
    ...base,
    status: at(step.result, 'approved') === false ? 'rejected' : 'approved',
    by: orNull(at(step.result, 'approver')),
    comment: orNull(at(step.result, 'comment')),
  };
}

function planOf(steps: readonly HistoryStep[]): AuditTrail['plan'] {
  const plan = find(steps, 'Plan')?.result;
  const verdict = orNull(at(plan, 'verdict'));
  if (verdict === null) return null;
  const reasons = at(plan, 'reasons');
  return {
    verdict,
    needsApproval: at(plan, 'needsApproval') === true,
    reasons: Array.isArray(reasons) ? reasons.filter((r): r is string => typeof r === 'string') : [],
    cloneModelName: orNull(at(plan, 'cloneModelName')),
    endpoints: records(at(plan, 'endpoints')).flatMap((e) => orNull(e.endpointName) ?? []),
  };
}

// CreateEndpointConfig actions after which the endpoint runs (or is moving to) the isolated config.
const SWITCHING = new Set(['created', 'exists', 'already-switched']);

function resourcesOf(steps: readonly HistoryStep[]): AuditTrail['resources'] {
  const created: AuditTrail['resources']['created'] = [];
  const add = (type: string, name: string | null, action: string | null) => {
    if (name !== null && action !== null && !created.some((c) => c.name === name)) {
      created.push({ type, name, action });
    }
  };
  for (const step of steps.filter((s) => s.name === 'CloneModel' && s.status === 'succeeded')) {
    add('model', orNull(at(step.result, 'cloneModelName')), orNull(at(step.result, 'action')));
  }
  for (const step of steps.filter((s) => s.name === 'CreateEndpointConfig' && s.status === 'succeeded')) {
    const action = orNull(at(step.result, 'action'));
    if (action === 'created' || action === 'exists') {
      add('endpoint-config', orNull(at(step.result, 'newConfigName')), action);
    }
  }
  const switched = steps
    .filter((s) => s.name === 'EndpointSwitched' && s.status === 'succeeded')
    .flatMap((s) => {
      const endpointName = orNull(at(s.output, 'endpointName'));
      const config = at(s.output, 'config');
      if (endpointName === null || !SWITCHING.has(orNull(at(config, 'action')) ?? '')) return [];
      return [
        {
          endpointName,
          fromConfig: orNull(at(config, 'previousConfigName')),
          toConfig: orNull(at(config, 'newConfigName')),
        },
      ];
    });
  const notSwitched = steps
    .filter((s) => s.name === 'EndpointNotSwitched')
    .flatMap((s) => {
      const endpointName = orNull(at(s.output, 'endpointName')) ?? endpointOf(s);
      if (endpointName === null) return [];
      return [{ endpointName, error: orNull(at(s.output, 'error', 'Error')) }];
    });
  const retired = records(at(find(steps, 'Retire')?.result, 'resources')).flatMap((r) => {
    const name = orNull(r.name);
    return name === null
      ? []
      : [{ type: orNull(r.type) ?? 'resource', name, action: orNull(r.action) ?? 'retired' }];
  });
  return { created, switched, notSwitched, retired };
}

/** The last note a RecordOutcome step wrote (or, for a run with no finding, would have written). */
function findingOf(steps: readonly HistoryStep[]): AuditTrail['finding'] {
  const recorded = steps.filter((s) => phaseOf(s) !== undefined && s.status === 'succeeded');
  const last = recorded.at(-1)?.result;
  const status = orNull(at(last, 'status'));
  const note = orNull(at(last, 'note'));
  if (status === null || note === null) return null;
  return { status, note, recorded: at(last, 'recorded') !== false };
}

function trailStep(step: HistoryStep): TrailStep {
  const failure: StepFailure | undefined = step.lastAttemptFailed ? step.failures.at(-1) : undefined;
  return {
    name: step.name,
    type: step.type,
    endpoint: endpointOf(step),
    enteredAt: iso(step.enteredAt),
    exitedAt: iso(step.exitedAt),
    status: step.status,
    retries: Math.max(0, step.attempts - 1),
    error: failure ?? null,
    detail: stepDetail(step),
  };
}

/** Builds the trail from DescribeExecution and the full history (oldest first). */
export function buildAuditTrail(
  execution: DescribeExecutionOutput,
  events: readonly HistoryEvent[],
): AuditTrail {
  const folded = foldHistory(events);
  const { steps } = folded;
  const status = execution.status ?? 'RUNNING';
  const pendingApproval = status === 'RUNNING' ? findPendingApproval(events) : undefined;
  const pending = pendingApproval !== undefined;
  const output = parseJsonText(execution.output);
  const state = find(steps, 'Normalize')?.result;
  const plan = find(steps, 'Plan')?.result;
  const modelArn =
    orNull(at(state, 'request', 'modelArn')) ??
    orNull(at(output, 'modelArn')) ??
    modelArnsOfExecution({ executionArn: execution.executionArn, input: execution.input })[0] ??
    null;
  const modelName =
    orNull(at(plan, 'model', 'name')) ??
    orNull(at(state, 'request', 'modelName')) ??
    (modelArn === null ? null : (modelArn.split('/').at(-1) ?? null));
  const endFailure = folded.end?.failure;
  const failed = status === 'FAILED' || status === 'TIMED_OUT' || status === 'ABORTED';
  return {
    version: 1,
    executionArn: execution.executionArn ?? '',
    name: execution.name ?? '',
    stateMachineArn: execution.stateMachineArn ?? null,
    status,
    startDate: iso(execution.startDate),
    stopDate: iso(execution.stopDate),
    outcome: outcomeOf(steps, status, pending, output),
    model: { arn: modelArn, name: modelName },
    trigger: orNull(at(state, 'request', 'trigger')),
    mode: orNull(at(state, 'run', 'mode')),
    duplicateOf: orNull(at(output, 'duplicateOf')),
    plan: planOf(steps),
    approval: approvalOf(steps, pendingApproval?.requestedAt, pending),
    resources: resourcesOf(steps),
    finding: findingOf(steps),
    error: failed
      ? {
          error: execution.error ?? endFailure?.error ?? '',
          cause: execution.cause ?? endFailure?.cause ?? '',
        }
      : null,
    steps: steps.map(trailStep),
  };
}
