/** Plan: describe the model and everything that serves it, and decide. Reads only. */

import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import { Plan } from '../domain/plan/schema.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import { planStep } from '../domain/steps/plan-step.ts';
import { PlanTaskInput, planInputOf } from '../domain/workflow/plan-input.ts';
import type { JsonLogger } from './lib/logger.ts';
import { functionLogger } from './lib/logger.ts';
import { stepHandler } from './lib/step-handler.ts';

export function planHandler(deps: { sagemaker: SageMakerPort; logger: JsonLogger }) {
  return stepHandler(
    {
      step: 'Plan',
      input: PlanTaskInput,
      output: Plan,
      run: (input) => planStep(planInputOf(input), deps),
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

export const handler = planHandler({
  sagemaker: sagemakerGateway(new SageMakerClient({})),
  logger: functionLogger(),
});
