/** Retire: tag what the run replaced as superseded, and delete it (delete mode) once nothing uses it. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import { RetireOutput, type RetireSageMaker, retire } from '../domain/steps/retire.ts';
import { RetireTaskInput, retireInputOf } from '../domain/workflow/retire-input.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function retireHandler(deps: { sagemaker: RetireSageMaker; logger: JsonLogger }) {
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

const client = new SageMakerClient({});

export const handler = retireHandler({
  sagemaker: {
    listEndpoints: sagemaker.listEndpoints(client),
    describeEndpoint: sagemaker.describeEndpoint(client),
    describeEndpointConfig: sagemaker.describeEndpointConfig(client),
    listInferenceComponents: sagemaker.listInferenceComponents(client),
    describeInferenceComponent: sagemaker.describeInferenceComponent(client),
    describeModel: sagemaker.describeModel(client),
    listTags: sagemaker.listTags(client),
    addTags: sagemaker.addTags(client),
    deleteModel: sagemaker.deleteModel(client),
    deleteEndpointConfig: sagemaker.deleteEndpointConfig(client),
  },
  logger: functionLogger(),
});
