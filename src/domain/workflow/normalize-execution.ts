/**
 * The Normalize step: the execution input (an event, or `sm5 start`'s wrapper) to the state every later step
 * reads, `{ run, request }`. Pure: the account and region come from the execution's ARN, the time from its
 * start, so a replay gives the same state. Anything that is not one failed, active SageMaker.5 finding for a
 * model in this account and region is rejected with a named error before anything is locked or changed.
 */
import { FindingRejectedError, InvalidInputError, UnsupportedEventError } from '../errors.ts';
import { describeIssues } from '../findings/describe-issues.ts';
import { normalizeDirect, normalizeEventAll } from '../findings/index.ts';
import { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { isStartInput, StartInput } from './execution-input.ts';
import { Run, scopeOfExecution } from './run.ts';
import {
  FIRST_CHECK_WAIT_SECONDS,
  lockLeaseSeconds,
  MAX_CHECK_WAIT_SECONDS,
  Mode,
  type WorkflowSettings,
} from './settings.ts';

export const NormalizeInput = z.strictObject({
  /** The execution input, whatever it is. */
  event: z.unknown(),
  /** `$$.Execution.StartTime`. */
  startTime: z.iso.datetime({ offset: true }),
  /** `${DefaultMode}`: the state machine's mode, used unless the input names one. */
  defaultMode: z.string(),
});
export type NormalizeInput = z.infer<typeof NormalizeInput>;

export const NormalizeOutput = z.strictObject({ run: Run, request: RemediationRequest });
export type NormalizeOutput = z.infer<typeof NormalizeOutput>;

export function normalizeExecution(
  input: NormalizeInput,
  executionArn: string,
  settings: WorkflowSettings,
): NormalizeOutput {
  const scope = scopeOfExecution(executionArn);
  if (scope === undefined)
    throw new InvalidInputError(`${executionArn} is not a Step Functions execution ARN`);
  const context = { accountId: scope.accountId, region: scope.region, partition: scope.partition };

  let request: RemediationRequest;
  let mode: Mode;
  let requestedBy: string | null = null;
  if (isStartInput(input.event)) {
    const parsed = StartInput.safeParse(input.event);
    if (!parsed.success) {
      throw new InvalidInputError(`invalid sm5 start input: ${describeIssues(parsed.error, '')}`);
    }
    const start = parsed.data.sm5;
    request =
      start.event !== undefined
        ? requestOfEvent(start.event, context)
        : normalizeDirect(start.request, context);
    mode = start.mode ?? defaultModeOf(input.defaultMode);
    requestedBy = start.requestedBy ?? null;
  } else {
    request = requestOfEvent(input.event, context);
    mode = defaultModeOf(input.defaultMode);
  }

  const now = Math.floor(Date.parse(input.startTime) / 1000);
  const run: Run = {
    executionArn,
    mode,
    now,
    lockExpiresAt: now + lockLeaseSeconds(settings),
    approvalTimeoutSeconds: settings.approvalTimeoutSeconds,
    retireOriginal: settings.retireOriginal,
    exemptTagKey: settings.exemptTagKey,
    deployment: settings.deployment,
    waitPolicy: {
      initialWaitSeconds: FIRST_CHECK_WAIT_SECONDS,
      maxWaitSeconds: MAX_CHECK_WAIT_SECONDS,
      totalTimeoutSeconds: settings.deploymentTimeoutSeconds,
    },
    requestedBy,
  };
  return NormalizeOutput.parse({ run, request });
}

function defaultModeOf(value: string): Mode {
  const parsed = Mode.safeParse(value);
  if (!parsed.success) {
    throw new InvalidInputError(
      `the state machine's mode "${value}" is not one of ${Mode.options.join(', ')}: check the DefaultMode substitution`,
    );
  }
  return parsed.data;
}

/**
 * One execution remediates one model. A custom action may carry several findings: duplicates of one model
 * (legacy and consolidated) are one request; findings for several models are refused with their names, so
 * the person picks one at a time rather than having all but one silently dropped.
 */
function requestOfEvent(event: unknown, context: { accountId: string; region: string; partition: string }) {
  const { requests, rejected } = normalizeEventAll(event, context);
  const models = new Map<string, RemediationRequest>();
  for (const request of requests) if (!models.has(request.modelArn)) models.set(request.modelArn, request);
  const [first, ...others] = [...models.values()];
  if (first === undefined) {
    const reason = rejected[0]?.error;
    throw reason ?? new FindingRejectedError('no-finding', 'the event carries no finding sm5 can act on');
  }
  if (others.length > 0) {
    const names = [first, ...others].map((r) => r.modelName).join(', ');
    throw new UnsupportedEventError(
      `the event asks for ${models.size} models (${names}); one execution remediates one model: select one finding at a time, or run sm5 start for each`,
    );
  }
  return first;
}
