/**
 * What each iteration of the SwitchEndpoints Map ends with. A module of its own: Retire reads it, and
 * importing the whole workflow state to get it would build every schema of the state in that Lambda.
 */
import { ResourceName } from '../names.ts';
import { CreateEndpointConfigOutput } from '../steps/create-endpoint-config.ts';
import { StepFailure } from '../steps/outcome.ts';
import * as z from '../zod.ts';

export const EndpointSwitch = z.discriminatedUnion('done', [
  /** Verified InService on its new config, or nothing to do (see `config.action`). */
  z.strictObject({ endpointName: ResourceName, done: z.literal(true), config: CreateEndpointConfigOutput }),
  /** Not switched, or not verified: `error` says why. Its lock was released. */
  z.strictObject({ endpointName: ResourceName, done: z.literal(false), error: StepFailure }),
]);
export type EndpointSwitch = z.infer<typeof EndpointSwitch>;
