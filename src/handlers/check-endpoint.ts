/** CheckEndpoint: done, still pending (with the next wait), or a named failure (rollback, timeout). */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import { CheckEndpointInput, CheckEndpointOutput, checkEndpoint } from '../domain/steps/check-endpoint.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function checkEndpointHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
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

export const handler = checkEndpointHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
