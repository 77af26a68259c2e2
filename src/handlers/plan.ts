/**
 * Plan: describe the model and everything that serves it, and decide. Reads only. Its input is the step's
 * own (the request, the run id, the exemption tag and the retire mode), as every step's is, not the run.
 */
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import * as sagemaker from '../aws/sagemaker.ts';
import { Plan } from '../domain/plan/schema.ts';
import type { SageMakerReader } from '../domain/ports.ts';
import { PlanStepInput, planStep } from '../domain/steps/plan-step.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function planHandler(deps: { sagemaker: SageMakerReader; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'Plan',
      input: PlanStepInput,
      output: Plan,
      run: (input) => planStep(input, deps),
      summary: (plan) => ({
        verdict: plan.verdict,
        needsApproval: plan.needsApproval,
        reasons: plan.reasons,
        resources: plan.resources,
      }),
    },
    deps.logger,
  );
}

const client = new SageMakerClient({});

export const handler = planHandler({
  sagemaker: {
    describeModel: sagemaker.describeModel(client),
    listTags: sagemaker.listTags(client),
    listModels: sagemaker.listModels(client),
    listEndpoints: sagemaker.listEndpoints(client),
    describeEndpoint: sagemaker.describeEndpoint(client),
    describeEndpointConfig: sagemaker.describeEndpointConfig(client),
    listInferenceComponents: sagemaker.listInferenceComponents(client),
    describeInferenceComponent: sagemaker.describeInferenceComponent(client),
  },
  logger: functionLogger(),
});
