/** SwitchEndpoint: UpdateEndpoint to the new config, unless someone else changed the endpoint meanwhile. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import {
  SwitchEndpointInput,
  SwitchEndpointOutput,
  type SwitchEndpointSageMaker,
  switchEndpoint,
} from '../domain/steps/switch-endpoint.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function switchEndpointHandler(deps: { sagemaker: SwitchEndpointSageMaker; logger: JsonLogger }) {
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

const client = new SageMakerClient({});

export const handler = switchEndpointHandler({
  sagemaker: {
    describeEndpoint: sagemaker.describeEndpoint(client),
    updateEndpoint: sagemaker.updateEndpoint(client),
  },
  logger: functionLogger(),
});
