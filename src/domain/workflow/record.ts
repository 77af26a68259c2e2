/**
 * The RecordOutcome step of the workflow: from the phase a Record state names and the state so far, the
 * engine's Outcome, written on the finding. Its result says which outcome it was, so the execution's output
 * reads as a verdict.
 */
import { InvalidInputError } from '../errors.ts';
import { NonEmptyString } from '../names.ts';
import { failureMessage } from '../notes.ts';
import { Plan } from '../plan/schema.ts';
import type { SecurityHubPort } from '../ports.ts';
import { RemediationRequest } from '../request.ts';
import { type Outcome, StepFailure } from '../steps/outcome.ts';
import { recordOutcome } from '../steps/record-outcome.ts';
import { RetireMode, RetireOutput } from '../steps/retire.ts';
import * as z from '../zod.ts';
import { ApprovalAnswer, ApprovalRejection } from './approval.ts';
import { EndpointSwitch } from './endpoint-switch.ts';

export const RecordPhase = z.enum([
  'started',
  'awaiting-approval',
  /** The plan is the end: nothing to do, or blocked. */
  'planned',
  'dry-run',
  'rejected',
  'approval-timed-out',
  'succeeded',
  'failed',
]);
export type RecordPhase = z.infer<typeof RecordPhase>;

/**
 * What RecordOutcome reads of the workflow state (`$`, whose whole shape is WorkflowState in ./state.ts).
 * The note must be written whatever else the state holds, so only these members are parsed and the rest
 * passes unread; it also spares this Lambda building every schema of the state at each cold start. The
 * workflow tests check every state a Record step receives against WorkflowState itself.
 */
export const RecordedState = z.looseObject({
  run: z.looseObject({
    executionArn: NonEmptyString,
    approvalTimeoutSeconds: z.int().check(z.gte(1)),
    retireOriginal: RetireMode,
  }),
  request: RemediationRequest,
  plan: z.optional(Plan),
  /** Whatever SendTaskSuccess answered; the workflow goes on only if it is an ApprovalAnswer. */
  approval: z.optional(z.unknown()),
  switches: z.optional(z.array(EndpointSwitch)),
  retire: z.optional(RetireOutput),
  /** The failure a Catch caught. */
  error: z.optional(StepFailure),
});
export type RecordedState = z.infer<typeof RecordedState>;

export const RecordTaskInput = z.strictObject({ phase: RecordPhase, state: RecordedState });
export type RecordTaskInput = z.infer<typeof RecordTaskInput>;

/** How the execution's output names what happened. */
export const OutcomeLabel = z.enum([
  'started',
  'awaiting-approval',
  'noop',
  'blocked',
  'dry-run',
  'rejected',
  'approval-timed-out',
  'remediated',
  'failed',
]);
export type OutcomeLabel = z.infer<typeof OutcomeLabel>;

export const RecordTaskOutput = z.strictObject({
  outcome: OutcomeLabel,
  recorded: z.boolean(),
  status: z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']),
  note: z.string().check(z.maxLength(512)),
});
export type RecordTaskOutput = z.infer<typeof RecordTaskOutput>;

export async function recordWorkflowOutcome(
  input: RecordTaskInput,
  deps: { securityHub: SecurityHubPort },
): Promise<RecordTaskOutput> {
  const { outcome, label } = outcomeOf(input);
  const { state } = input;
  const recorded = await recordOutcome(
    { request: state.request, runId: state.run.executionArn, outcome },
    deps,
  );
  return { outcome: label, ...recorded };
}

export function outcomeOf({ phase, state }: RecordTaskInput): { outcome: Outcome; label: OutcomeLabel } {
  const plan = state.plan ?? null;
  const needPlan = () => {
    if (plan === null) throw new InvalidInputError(`phase ${phase} needs the plan, and the state has none`);
    return plan;
  };
  switch (phase) {
    case 'started':
      return { outcome: { kind: 'started', plan: null, awaitingApproval: false }, label: 'started' };
    case 'awaiting-approval':
      return {
        outcome: { kind: 'started', plan: needPlan(), awaitingApproval: true },
        label: 'awaiting-approval',
      };
    case 'planned': {
      const planned = needPlan();
      const label = planned.verdict === 'blocked' ? 'blocked' : 'noop';
      return { outcome: { kind: 'planned', plan: planned, dryRun: false }, label };
    }
    case 'dry-run':
      return { outcome: { kind: 'planned', plan: needPlan(), dryRun: true }, label: 'dry-run' };
    case 'rejected':
      return { outcome: { kind: 'rejected', ...rejectionOf(state) }, label: 'rejected' };
    case 'approval-timed-out':
      return {
        outcome: {
          kind: 'rejected',
          reason: `nobody approved the plan within ${state.run.approvalTimeoutSeconds} s`,
          by: null,
        },
        label: 'approval-timed-out',
      };
    case 'succeeded':
      return {
        outcome: {
          kind: 'succeeded',
          plan: needPlan(),
          endpoints: (state.switches ?? []).flatMap((s) => (s.done ? [s.config] : [])),
          retire: state.retire ?? { mode: state.run.retireOriginal, resources: [] },
        },
        label: 'remediated',
      };
    case 'failed':
      return { outcome: { kind: 'failed', error: failureOf(state), plan }, label: 'failed' };
  }
}

function rejectionOf(state: RecordedState): { reason: string; by: string | null } {
  const cause = state.error?.Cause;
  if (cause !== undefined) {
    const rejection = ApprovalRejection.safeParse(parseJson(cause));
    if (rejection.success) return { reason: rejection.data.reason, by: rejection.data.approver };
    return { reason: cause.trim() === '' ? 'no reason given' : cause, by: null };
  }
  const answer = ApprovalAnswer.safeParse(state.approval);
  return {
    reason: 'the answer to the approval request did not approve the plan',
    by: answer.success ? answer.data.approver : null,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The caught error, or, when endpoints were left unswitched, theirs: the first names the failure. */
function failureOf(state: RecordedState): StepFailure {
  if (state.error !== undefined) return state.error;
  const failed = (state.switches ?? []).filter((s): s is Extract<EndpointSwitch, { done: false }> => !s.done);
  const first = failed[0];
  if (first === undefined) {
    return { Error: 'States.Runtime', Cause: 'the run failed without a recorded error; see its history' };
  }
  const causes = failed.map((s) => {
    const message = failureMessage(s.error);
    return message.includes(s.endpointName) ? message : `endpoint ${s.endpointName}: ${message}`;
  });
  return { Error: first.error.Error, Cause: causes.join('; ') };
}
