/** CreateEndpointConfig: the config that replaces what one endpoint runs, built from what it runs now. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import {
  CreateEndpointConfigInput,
  CreateEndpointConfigOutput,
  type CreateEndpointConfigSageMaker,
  createEndpointConfig,
} from '../domain/steps/create-endpoint-config.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function createEndpointConfigHandler(deps: {
  sagemaker: CreateEndpointConfigSageMaker;
  logger: JsonLogger;
}) {
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

const client = new SageMakerClient({});

export const handler = createEndpointConfigHandler({
  sagemaker: {
    describeEndpoint: sagemaker.describeEndpoint(client),
    describeEndpointConfig: sagemaker.describeEndpointConfig(client),
    listTags: sagemaker.listTags(client),
    createEndpointConfig: sagemaker.createEndpointConfig(client),
  },
  logger: functionLogger(),
});
