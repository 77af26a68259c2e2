import { MODEL_ARN_PATTERN } from '../names.ts';

export interface ModelArnParts {
  partition: string;
  region: string;
  accountId: string;
  /** As written in the ARN: SageMaker lowercases it there, so it may differ in case from the real name. */
  name: string;
}

export function parseModelArn(arn: string): ModelArnParts | undefined {
  const match = MODEL_ARN_PATTERN.exec(arn);
  if (!match) return undefined;
  const [, partition, region, accountId, name] = match;
  if (partition === undefined || region === undefined || accountId === undefined || name === undefined) {
    return undefined;
  }
  return { partition, region, accountId, name };
}

/**
 * SageMaker writes model names lowercased in ARNs, so `Fraud-Scorer` and `fraud-scorer` are one model. The
 * request carries the ARN in that canonical form, whichever entry point built it, so that everything keyed
 * by ARN (the per-model lock above all) sees one key per model.
 */
export function canonicalModelArn(parts: ModelArnParts): string {
  return `arn:${parts.partition}:sagemaker:${parts.region}:${parts.accountId}:model/${parts.name.toLowerCase()}`;
}
