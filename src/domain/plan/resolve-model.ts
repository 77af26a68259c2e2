/**
 * The model a request names, by its real name. ARNs carry names lowercased, while the model may have
 * capitals; every name sm5 derives (the clone's) must come from the real one, or a rerun from the CLI with
 * the real name and one from a finding with the ARN's name would create two different clones.
 */
import type { DescribeModelOutput } from '@aws-sdk/client-sagemaker';
import type { SageMakerReader } from '../ports.ts';

export type DescribedModel = DescribeModelOutput & { ModelName: string; ModelArn: string };

function complete(model: DescribeModelOutput | undefined): DescribedModel | undefined {
  if (model?.ModelName === undefined || model.ModelArn === undefined) return undefined;
  return { ...model, ModelName: model.ModelName, ModelArn: model.ModelArn };
}

/** `undefined` when no model has that name in any case. One call when the name is already exact. */
export async function resolveModel(
  sagemaker: SageMakerReader,
  name: string,
): Promise<DescribedModel | undefined> {
  const direct = complete(await sagemaker.describeModel(name));
  if (direct !== undefined) return direct;
  const wanted = name.toLowerCase();
  const match = (await sagemaker.listModels()).find((m) => m.ModelName?.toLowerCase() === wanted);
  if (match?.ModelName === undefined || match.ModelName === name) return undefined;
  return complete(await sagemaker.describeModel(match.ModelName));
}
