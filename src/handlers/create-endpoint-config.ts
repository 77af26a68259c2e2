/** CreateEndpointConfig: the config that replaces what one endpoint runs, built from what it runs now. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import {
  CreateEndpointConfigInput,
  CreateEndpointConfigOutput,
  createEndpointConfig,
} from '../domain/steps/create-endpoint-config.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function createEndpointConfigHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'CreateEndpointConfig',
      input: CreateEndpointConfigInput,
      output: CreateEndpointConfigOutput,
      run: (input) => createEndpointConfig(input, deps),
    },
    deps.logger,
  );
}

export const handler = createEndpointConfigHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
