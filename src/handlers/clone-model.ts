/** CloneModel: create one model's isolated clone, or find the identical one an earlier attempt made. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import {
  CloneModelInput,
  CloneModelOutput,
  type CloneModelSageMaker,
  cloneModel,
} from '../domain/steps/clone-model.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function cloneModelHandler(deps: { sagemaker: CloneModelSageMaker; logger: JsonLogger }) {
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

const client = new SageMakerClient({});

export const handler = cloneModelHandler({
  sagemaker: {
    describeModel: sagemaker.describeModel(client),
    listTags: sagemaker.listTags(client),
    createModel: sagemaker.createModel(client),
  },
  logger: functionLogger(),
});
