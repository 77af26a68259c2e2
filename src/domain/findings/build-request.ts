import { UnsupportedEventError } from '../errors.ts';
import { type FindingRef, RemediationRequest, type Trigger } from '../request.ts';
import type { ResolvedContext } from './context.ts';
import { describeIssues } from './describe-issues.ts';
import { canonicalModelArn, type ModelArnParts } from './model-arn.ts';

/**
 * The request is parsed, not just assembled, so that no path can hand the workflow a request that breaks its
 * own schema; the checks before this point make a failure here unreachable for well-formed findings.
 */
export function buildRequest(
  finding: FindingRef | null,
  arn: ModelArnParts,
  ctx: ResolvedContext,
  trigger: Trigger,
): RemediationRequest {
  const parsed = RemediationRequest.safeParse({
    finding,
    accountId: ctx.accountId,
    region: ctx.region,
    modelArn: canonicalModelArn(arn),
    // The name as the ARN writes it, possibly lowercased: the plan resolves the real name (DescribeModel,
    // then a case-insensitive ListModels match) before anything is named after it.
    modelName: arn.name,
    trigger,
  });
  if (!parsed.success) {
    throw new UnsupportedEventError(`cannot build a request: ${describeIssues(parsed.error, 'request')}`);
  }
  return parsed.data;
}
