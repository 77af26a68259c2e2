/** CheckEndpoint: done, still pending (with the next wait), or a named failure (rollback, timeout). */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import {
  CheckEndpointInput,
  CheckEndpointOutput,
  type CheckEndpointSageMaker,
  checkEndpoint,
} from '../domain/steps/check-endpoint.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function checkEndpointHandler(deps: { sagemaker: CheckEndpointSageMaker; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'CheckEndpoint',
      input: CheckEndpointInput,
      output: CheckEndpointOutput,
      run: (input) => checkEndpoint(input, deps),
    },
    deps.logger,
  );
}

const client = new SageMakerClient({});

export const handler = checkEndpointHandler({
  sagemaker: {
    describeEndpoint: sagemaker.describeEndpoint(client),
  },
  logger: functionLogger(),
});
