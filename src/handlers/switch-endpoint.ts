/** SwitchEndpoint: UpdateEndpoint to the new config, unless someone else changed the endpoint meanwhile. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import {
  SwitchEndpointInput,
  SwitchEndpointOutput,
  switchEndpoint,
} from '../domain/steps/switch-endpoint.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function switchEndpointHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'SwitchEndpoint',
      input: SwitchEndpointInput,
      output: SwitchEndpointOutput,
      run: (input) => switchEndpoint(input, deps),
    },
    deps.logger,
  );
}

export const handler = switchEndpointHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
