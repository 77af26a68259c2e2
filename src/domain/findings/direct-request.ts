import { FindingRejectedError, InvalidInputError } from '../errors.ts';
import { AccountId, NonEmptyString, Region, ResourceName } from '../names.ts';
import type { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { buildRequest } from './build-request.ts';
import { checkScope } from './check-scope.ts';
import { type NormalizeContext, resolveContext } from './context.ts';
import { describeIssues } from './describe-issues.ts';

/** A run asked for by name or ARN from the CLI (`sm5 start <model>`): our own input, so parsed strictly. */
export const DirectRequest = z
  .strictObject({
    modelName: z.optional(ResourceName),
    modelArn: z.optional(NonEmptyString),
    accountId: z.optional(AccountId),
    region: z.optional(Region),
  })
  .check(
    z.refine((request) => (request.modelName === undefined) !== (request.modelArn === undefined), {
      message: 'give exactly one of modelName and modelArn',
    }),
  );
export type DirectRequest = z.infer<typeof DirectRequest>;

/**
 * A CLI request to a request with no finding. A name becomes the ARN of that model in the context's account,
 * region and partition; the name keeps the case the user typed (the ARN is lowercased like SageMaker's).
 * Throws InvalidInputError for a malformed request and FindingRejectedError for a model sm5 cannot act on
 * (not a model ARN, another account or region).
 */
export function normalizeDirect(input: unknown, context: NormalizeContext): RemediationRequest {
  const ctx = resolveContext(context);
  const parsed = DirectRequest.safeParse(input);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid request: ${describeIssues(parsed.error, '')}`);
  }
  const { modelName, modelArn, accountId, region } = parsed.data;
  if (accountId !== undefined && accountId !== ctx.accountId) {
    throw new FindingRejectedError(
      'wrong-account',
      `the request is for account ${accountId}, but sm5 runs in account ${ctx.accountId}`,
    );
  }
  if (region !== undefined && region !== ctx.region) {
    throw new FindingRejectedError(
      'wrong-region',
      `the request is for region ${region}, but sm5 runs in region ${ctx.region}`,
    );
  }
  if (modelName !== undefined) {
    return buildRequest(null, { ...ctx, name: modelName }, ctx, 'cli');
  }
  const arn = checkScope({ subject: 'the request', resource: modelArn }, ctx);
  return buildRequest(null, arn, ctx, 'cli');
}
