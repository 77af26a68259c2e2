/** Plans and step inputs built the way the workflow builds them: from the plan's own entries. */
import { makePlan } from '../../../../src/domain/plan/make-plan.ts';
import type { Plan } from '../../../../src/domain/plan/schema.ts';
import { CloneModelInput, cloneModel } from '../../../../src/domain/steps/clone-model.ts';
import {
  CreateEndpointConfigInput,
  type CreateEndpointConfigOutput,
  createEndpointConfig,
} from '../../../../src/domain/steps/create-endpoint-config.ts';
import { switchEndpoint } from '../../../../src/domain/steps/switch-endpoint.ts';
import type { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { request } from '../fakes/scenario.ts';

export async function planFor(sagemaker: FakeSageMaker, modelName: string): Promise<Plan> {
  return makePlan(request(modelName), { sagemaker }, { runId: 'run-1' });
}

export async function cloneAll(plan: Plan, sagemaker: FakeSageMaker): Promise<void> {
  for (const clone of plan.clones) {
    await cloneModel(CloneModelInput.parse({ clone, lineage: plan.lineage }), { sagemaker });
  }
}

export function configInput(plan: Plan, endpointName: string): CreateEndpointConfigInput {
  const endpoint = plan.endpoints.find((e) => e.endpointName === endpointName);
  if (endpoint === undefined) throw new Error(`the plan does not switch ${endpointName}`);
  return CreateEndpointConfigInput.parse({ endpoint, lineage: plan.lineage });
}

/** Every step up to Retire, with each update completed: what the workflow has done when Retire runs. */
export async function switchEverything(
  plan: Plan,
  sagemaker: FakeSageMaker,
): Promise<CreateEndpointConfigOutput[]> {
  await cloneAll(plan, sagemaker);
  const outputs: CreateEndpointConfigOutput[] = [];
  for (const endpoint of plan.endpoints) {
    const output = await createEndpointConfig(configInput(plan, endpoint.endpointName), { sagemaker });
    outputs.push(output);
    if (output.needsSwitch && output.previousConfigName && output.newConfigName) {
      await switchEndpoint(
        {
          endpointName: endpoint.endpointName,
          previousConfigName: output.previousConfigName,
          newConfigName: output.newConfigName,
        },
        { sagemaker },
      );
      sagemaker.completeUpdate(endpoint.endpointName);
    }
  }
  return outputs;
}
