/**
 * `sm5 start`: a run for a model (by name or ARN) or for a Security Hub event, checked first by the
 * workflow's own Normalize step so that a bad input starts nothing.
 */
import { type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { partitionOf } from '../../domain/findings/index.ts';
import type { RemediationRequest } from '../../domain/request.ts';
import { type Mode, normalizeExecution, startInput, WorkflowSettings } from '../../domain/workflow/index.ts';
import type { CallerIdentity } from '../aws-context.ts';
import { translateSfnError } from './sfn-reads.ts';
import { STATE_MACHINE_NAME } from './state-machine.ts';

export interface StartDeps {
  readonly sfn: SFNClient;
  identity(): Promise<CallerIdentity>;
  region(): Promise<string>;
  stateMachineArn(): Promise<string>;
}

/** Exactly one of `model` and `event`. */
export type StartRequest =
  | { readonly model: string; readonly event?: undefined; readonly mode?: Mode }
  | { readonly model?: undefined; readonly event: unknown; readonly mode?: Mode };

export interface StartedRun {
  readonly executionArn: string;
  readonly startDate: Date | undefined;
  /** What the workflow will act on, as its Normalize step reads the input. */
  readonly request: RemediationRequest;
}

/**
 * The workflow's own Normalize step, run here on the input about to be sent: whatever it would reject (not
 * a failed, active SageMaker.5 finding for a model in this account and region, several models, a malformed
 * request) fails now, with its named error, and no execution is started.
 */
function validate(input: unknown, accountId: string, region: string): RemediationRequest {
  const executionArn = `arn:${partitionOf(region)}:states:${region}:${accountId}:execution:${STATE_MACHINE_NAME}:sm5-start-check`;
  const { request } = normalizeExecution(
    { event: input, startTime: new Date().toISOString(), defaultMode: 'approval' },
    executionArn,
    WorkflowSettings.parse({}),
  );
  return request;
}

/** `cli-<model>-<utc time>-<random>`: readable in the console, and unique as execution names must be. */
export function cliExecutionName(modelName: string, now: Date): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const suffix = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `cli-${modelName.slice(0, 50)}-${stamp}-${suffix}`;
}

export async function startRun(deps: StartDeps, start: StartRequest): Promise<StartedRun> {
  const [identity, region] = await Promise.all([deps.identity(), deps.region()]);
  const options = {
    ...(start.mode === undefined ? {} : { mode: start.mode }),
    ...(identity.arn === '' ? {} : { requestedBy: identity.arn }),
  };
  let input: unknown;
  if (start.model !== undefined) {
    const request = start.model.startsWith('arn:') ? { modelArn: start.model } : { modelName: start.model };
    input = startInput({ ...options, request });
  } else {
    // An event without a mode goes in exactly as EventBridge would deliver it; with one, it is wrapped.
    input = start.mode === undefined ? start.event : startInput({ ...options, event: start.event });
  }
  const request = validate(input, identity.account, region);
  const stateMachineArn = await deps.stateMachineArn();
  const started = await deps.sfn
    .send(
      new StartExecutionCommand({
        stateMachineArn,
        input: JSON.stringify(input),
        // Runs from events keep the service's UUID names, as EventBridge's do.
        ...(start.model === undefined ? {} : { name: cliExecutionName(request.modelName, new Date()) }),
      }),
    )
    .catch((error: unknown) => {
      throw translateSfnError(error, 'StartExecution', stateMachineArn);
    });
  return { executionArn: started.executionArn ?? '', startDate: started.startDate, request };
}
