import { FindingRejectedError } from '../errors.ts';
import type { ResolvedContext } from './context.ts';
import { type ModelArnParts, parseModelArn } from './model-arn.ts';

/** What a finding (or a CLI request) says about where the model is. */
export interface FindingScope {
  /** Names the finding in messages: its id, or a description for CLI requests. */
  subject: string;
  accountId?: string;
  region?: string;
  /** The resource the finding is about; undefined when it names none. */
  resource: string | undefined;
}

/**
 * The model must be a SageMaker model in the account, region and partition sm5 runs in: it can neither see
 * nor change anything else, and acting on a look-alike name elsewhere would be wrong.
 */
export function checkScope(scope: FindingScope, ctx: ResolvedContext): ModelArnParts {
  const { subject, resource } = scope;
  if (resource === undefined) {
    throw new FindingRejectedError('not-a-model', `${subject} names no resource, so no model to remediate`);
  }
  const arn = parseModelArn(resource);
  if (!arn) {
    throw new FindingRejectedError(
      'not-a-model',
      `${subject} is about ${resource}, which is not a SageMaker model ARN (arn:<partition>:sagemaker:<region>:<account>:model/<name>)`,
    );
  }
  if (scope.accountId !== undefined && scope.accountId !== ctx.accountId) {
    throw new FindingRejectedError(
      'wrong-account',
      `${subject} is for account ${scope.accountId}, but sm5 runs in account ${ctx.accountId}`,
    );
  }
  if (arn.accountId !== ctx.accountId) {
    throw new FindingRejectedError(
      'wrong-account',
      `model ${resource} is in account ${arn.accountId}, but sm5 runs in account ${ctx.accountId}`,
    );
  }
  if (scope.region !== undefined && scope.region !== ctx.region) {
    throw new FindingRejectedError(
      'wrong-region',
      `${subject} is for region ${scope.region}, but sm5 runs in region ${ctx.region}`,
    );
  }
  if (arn.region !== ctx.region) {
    throw new FindingRejectedError(
      'wrong-region',
      `model ${resource} is in region ${arn.region}, but sm5 runs in region ${ctx.region}`,
    );
  }
  if (arn.partition !== ctx.partition) {
    throw new FindingRejectedError(
      'wrong-region',
      `model ${resource} is in partition ${arn.partition}, but sm5 runs in partition ${ctx.partition}`,
    );
  }
  return arn;
}
