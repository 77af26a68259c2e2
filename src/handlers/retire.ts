/** Retire: tag what the run replaced as superseded, and delete it (delete mode) once nothing uses it. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import { RetireOutput, retire } from '../domain/steps/retire.ts';
import { RetireTaskInput, retireInputOf } from '../domain/workflow/retire-input.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function retireHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'Retire',
      input: RetireTaskInput,
      output: RetireOutput,
      run: (input) => retire(retireInputOf(input), deps),
    },
    deps.logger,
  );
}

export const handler = retireHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
