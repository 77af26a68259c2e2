/**
 * SwitchEndpoint: UpdateEndpoint to the new config, keeping variant names and live variant properties.
 * It refuses when the endpoint no longer runs the config the new one was built from: switching then would
 * undo whatever changed it. EndpointBusyError (an update in progress) propagates: the workflow retries it.
 */
import { buildUpdateEndpointInput, DeploymentOptions } from '../builders/build-update-endpoint-input.ts';
import { sameName } from '../builders/copy.ts';
import { EndpointNotFoundError, PlanOutdatedError } from '../errors.ts';
import { ResourceName } from '../names.ts';
import type { SageMakerPort } from '../ports.ts';
import * as z from '../zod.ts';

/** The SageMaker operations this step calls, and all its Lambda bundles. */
export type SwitchEndpointSageMaker = Pick<SageMakerPort, 'describeEndpoint' | 'updateEndpoint'>;

export const SwitchEndpointInput = z.strictObject({
  endpointName: ResourceName,
  previousConfigName: ResourceName,
  newConfigName: ResourceName,
  deployment: z.optional(z.nullable(DeploymentOptions)),
});
export type SwitchEndpointInput = z.input<typeof SwitchEndpointInput>;

export const SwitchEndpointOutput = z.strictObject({
  endpointName: ResourceName,
  previousConfigName: ResourceName,
  newConfigName: ResourceName,
  action: z.enum(['updated', 'already-on-new-config', 'already-updating']),
});
export type SwitchEndpointOutput = z.infer<typeof SwitchEndpointOutput>;

export async function switchEndpoint(
  input: SwitchEndpointInput,
  deps: { sagemaker: SwitchEndpointSageMaker },
): Promise<SwitchEndpointOutput> {
  const { endpointName, previousConfigName, newConfigName } = input;
  const result = (action: SwitchEndpointOutput['action']): SwitchEndpointOutput => ({
    endpointName,
    previousConfigName,
    newConfigName,
    action,
  });

  const endpoint = await deps.sagemaker.describeEndpoint(endpointName);
  if (endpoint === undefined) throw new EndpointNotFoundError(`endpoint ${endpointName} no longer exists`);
  if (sameName(endpoint.EndpointConfigName, newConfigName)) return result('already-on-new-config');
  if (sameName(endpoint.PendingDeploymentSummary?.EndpointConfigName, newConfigName)) {
    return result('already-updating');
  }
  if (!sameName(endpoint.EndpointConfigName, previousConfigName)) {
    throw new PlanOutdatedError(
      `endpoint ${endpointName} now runs config ${endpoint.EndpointConfigName ?? '(none)'}, not ${previousConfigName}: switching to ${newConfigName} would undo that change`,
    );
  }
  const deployment = input.deployment ? DeploymentOptions.parse(input.deployment) : null;
  await deps.sagemaker.updateEndpoint(buildUpdateEndpointInput({ endpointName, newConfigName, deployment }));
  return result('updated');
}
