/**
 * CheckEndpoint: is the switch done? Done means InService on the new config and nothing else: SageMaker
 * rolls a failed update back to the old config and reports InService again, sometimes without a reason.
 *
 * While the endpoint is still moving, the step returns `state: 'pending'` rather than throwing: the
 * workflow loops through a Wait state whose `SecondsPath` is `nextWaitSeconds` and calls the step again with
 * `next`. The step owns the backoff (the wait doubles up to a cap) and the total cap (DeploymentTimeoutError),
 * so both are plain tested code, and each poll is a Wait, not a failed task, in the execution history.
 */
import { sameName } from '../builders/copy.ts';
import {
  DeploymentTimeoutError,
  EndpointFailedError,
  EndpointNotFoundError,
  PlanOutdatedError,
  UpdateRolledBackError,
} from '../errors.ts';
import { ResourceName } from '../names.ts';
import { isUnrecoverable } from '../plan/endpoint-status.ts';
import type { SageMakerPort } from '../ports.ts';
import * as z from '../zod.ts';

/** The SageMaker operations this step calls, and all its Lambda bundles. */
export type CheckEndpointSageMaker = Pick<SageMakerPort, 'describeEndpoint'>;

const seconds = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

export const WaitPolicy = z.strictObject({
  /** The first wait; each next one doubles. */
  initialWaitSeconds: z._default(seconds(1, 3600), 30),
  maxWaitSeconds: z._default(seconds(1, 3600), 300),
  /** The whole deployment may take this long; SageMaker's own blue/green limit is 8 hours. */
  totalTimeoutSeconds: z._default(seconds(1, 86400), 7200),
});
export type WaitPolicy = z.infer<typeof WaitPolicy>;

const Count = z.int().check(z.gte(0));

export const CheckEndpointInput = z.strictObject({
  endpointName: ResourceName,
  previousConfigName: ResourceName,
  newConfigName: ResourceName,
  /** Seconds waited so far, counted from the waits this step asked for. */
  waitedSeconds: z._default(Count, 0),
  attempt: z._default(Count, 0),
  policy: z._default(WaitPolicy, WaitPolicy.parse({})),
});
export type CheckEndpointInput = z.input<typeof CheckEndpointInput>;
type CheckEndpointState = z.output<typeof CheckEndpointInput>;

export const CheckEndpointOutput = z.discriminatedUnion('state', [
  z.strictObject({
    state: z.literal('done'),
    endpointName: ResourceName,
    newConfigName: ResourceName,
    status: z.literal('InService'),
    waitedSeconds: Count,
  }),
  z.strictObject({
    state: z.literal('pending'),
    endpointName: ResourceName,
    status: z.string(),
    nextWaitSeconds: z.int().check(z.gte(1)),
    /** The input of the next check, after the wait. */
    next: CheckEndpointInput,
  }),
]);
export type CheckEndpointOutput = z.infer<typeof CheckEndpointOutput>;

/** The wait before check number `attempt + 1`: doubling from the initial wait, capped, never past the total. */
export function nextWait(policy: WaitPolicy, attempt: number, waitedSeconds: number): number {
  const grown = policy.initialWaitSeconds * 2 ** Math.min(attempt, 20);
  const remaining = policy.totalTimeoutSeconds - waitedSeconds;
  return Math.max(1, Math.min(grown, policy.maxWaitSeconds, remaining));
}

export async function checkEndpoint(
  raw: CheckEndpointInput,
  deps: { sagemaker: CheckEndpointSageMaker },
): Promise<CheckEndpointOutput> {
  const input: CheckEndpointState = CheckEndpointInput.parse(raw);
  const { endpointName, previousConfigName, newConfigName, policy } = input;

  const endpoint = await deps.sagemaker.describeEndpoint(endpointName);
  if (endpoint === undefined) throw new EndpointNotFoundError(`endpoint ${endpointName} no longer exists`);
  const status = endpoint.EndpointStatus ?? 'Unknown';
  const current = endpoint.EndpointConfigName;
  const failure = endpoint.FailureReason ? endpoint.FailureReason : null;

  if (status === 'InService') {
    if (sameName(current, newConfigName)) {
      return {
        state: 'done',
        endpointName,
        newConfigName,
        status: 'InService',
        waitedSeconds: input.waitedSeconds,
      };
    }
    if (sameName(current, previousConfigName)) {
      throw new UpdateRolledBackError(
        `endpoint ${endpointName} is InService on its old config ${previousConfigName}: the update to ${newConfigName} was rolled back (${failure ?? 'SageMaker gave no reason'})`,
      );
    }
    throw new PlanOutdatedError(
      `endpoint ${endpointName} is InService on config ${current ?? '(none)'}, neither ${previousConfigName} nor ${newConfigName}: someone else changed it`,
    );
  }
  if (isUnrecoverable(status)) {
    throw new EndpointFailedError(
      `endpoint ${endpointName} is ${status} during the update to ${newConfigName}${failure ? `: ${failure}` : ''}`,
    );
  }
  if (input.waitedSeconds >= policy.totalTimeoutSeconds) {
    throw new DeploymentTimeoutError(
      `endpoint ${endpointName} is still ${status} after ${input.waitedSeconds} s; it did not reach InService on ${newConfigName} within ${policy.totalTimeoutSeconds} s`,
    );
  }
  const wait = nextWait(policy, input.attempt, input.waitedSeconds);
  return {
    state: 'pending',
    endpointName,
    status,
    nextWaitSeconds: wait,
    next: { ...input, waitedSeconds: input.waitedSeconds + wait, attempt: input.attempt + 1 },
  };
}
