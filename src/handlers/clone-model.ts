/** CloneModel: create one model's isolated clone, or find the identical one an earlier attempt made. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import { CloneModelInput, CloneModelOutput, cloneModel } from '../domain/steps/clone-model.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function cloneModelHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'CloneModel',
      input: CloneModelInput,
      output: CloneModelOutput,
      run: (input) => cloneModel(input, deps),
    },
    deps.logger,
  );
}

export const handler = cloneModelHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
