/**
 * The `<model>` argument of `sm5 plan` and `sm5 remediate`: a model name or a model ARN. It is checked
 * before any AWS call, so a typo costs nothing; then the account (STS GetCallerIdentity) and region make it
 * a RemediationRequest, with the same rules as a finding (the model must be in this account and region).
 */
import { InvalidArgumentError, Option } from 'commander';
import { DEFAULT_EXEMPT_TAG_KEY } from '../domain/builders/lineage-tags.ts';
import { normalizeDirect, parseModelArn } from '../domain/findings/index.ts';
import { RESOURCE_NAME_PATTERN } from '../domain/names.ts';
import { cloneModelName } from '../domain/naming.ts';
import type { SageMakerPort } from '../domain/ports.ts';
import type { RemediationRequest } from '../domain/request.ts';
import type { AwsContext } from './aws-context.ts';
import { CliError } from './cli-error.ts';

export type ModelArgument = { modelName: string } | { modelArn: string };

/** For commander: rejects what cannot be a model name or model ARN, with the rule it breaks. */
export function modelArgument(value: string): ModelArgument {
  if (value.startsWith('arn:')) {
    if (parseModelArn(value) === undefined) {
      throw new InvalidArgumentError(
        `"${value}" is not a SageMaker model ARN (arn:<partition>:sagemaker:<region>:<account>:model/<name>).`,
      );
    }
    return { modelArn: value };
  }
  if (!RESOURCE_NAME_PATTERN.test(value)) {
    throw new InvalidArgumentError(
      `"${value}" is not a SageMaker model name (1-63 letters, digits and single hyphens) nor a model ARN.`,
    );
  }
  return { modelName: value };
}

export interface ModelTarget {
  request: RemediationRequest;
  account: string;
  region: string;
}

export async function modelTarget(model: ModelArgument, aws: AwsContext): Promise<ModelTarget> {
  const region = await aws.region();
  // Checked before the identity call: a model in another region is a usage error, whoever the caller is.
  if ('modelArn' in model) {
    const arnRegion = parseModelArn(model.modelArn)?.region;
    if (arnRegion !== undefined && arnRegion !== region) {
      throw new CliError(
        `model ${model.modelArn} is in region ${arnRegion}, but sm5 runs in ${region}: pass --region ${arnRegion}`,
      );
    }
  }
  const { account } = await aws.identity();
  return { request: normalizeDirect(model, { accountId: account, region }), account, region };
}

/**
 * For a model that does not exist: the isolated clone an earlier remediation left in its place, if any.
 * A rerun after a successful run is then "nothing to do", not a typo.
 */
export async function isolatedReplacementOf(
  sagemaker: SageMakerPort,
  modelName: string,
): Promise<string | null> {
  const clone = await sagemaker.describeModel(cloneModelName(modelName));
  return clone?.EnableNetworkIsolation === true && clone.ModelName !== undefined ? clone.ModelName : null;
}

/** The error for a model that is neither there nor replaced. */
export function noSuchModel(modelName: string, target: Pick<ModelTarget, 'account' | 'region'>): CliError {
  return new CliError(`no model named ${modelName} in account ${target.account}, region ${target.region}`);
}

/** `--exempt-tag`: the deployed workflow's `exemptTag` setting, for the commands that decide verdicts. */
export function exemptTagOption(): Option {
  return new Option('--exempt-tag <key>', 'tag key that exempts a model from remediation').default(
    DEFAULT_EXEMPT_TAG_KEY,
  );
}
