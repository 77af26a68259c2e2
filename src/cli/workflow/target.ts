/**
 * `<execution | model>` arguments: an execution ARN names one run; anything else is a model (name or ARN)
 * in the caller's account and region, checked by the same normaliser the workflow uses.
 */
import { normalizeDirect } from '../../domain/findings/index.ts';
import type { AwsContext } from '../aws-context.ts';
import { modelArgument } from '../model-target.ts';

export type Target =
  | { readonly kind: 'execution'; readonly executionArn: string }
  | { readonly kind: 'model'; readonly modelArn: string; readonly modelName: string };

const EXECUTION_ARN = /^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:execution:[^:\s]+:[^:\s]+$/;

export function isExecutionArn(value: string): boolean {
  return EXECUTION_ARN.test(value);
}

/**
 * For commander: refuses what is neither an execution ARN nor a model name or ARN before any AWS call (the
 * account and region of a model are checked later, against the caller's identity).
 */
export function targetArgument(value: string): string {
  if (!isExecutionArn(value)) modelArgument(value);
  return value;
}

/** The model ARN for a name or ARN in this account and region; throws the normaliser's named errors. */
export async function modelArnFor(
  model: string,
  ctx: Pick<AwsContext, 'identity' | 'region'>,
): Promise<{ modelArn: string; modelName: string }> {
  const [identity, region] = await Promise.all([ctx.identity(), ctx.region()]);
  const direct = model.startsWith('arn:') ? { modelArn: model } : { modelName: model };
  const request = normalizeDirect(direct, { accountId: identity.account, region });
  return { modelArn: request.modelArn, modelName: request.modelName };
}

export async function resolveTarget(
  value: string,
  ctx: Pick<AwsContext, 'identity' | 'region'>,
): Promise<Target> {
  if (isExecutionArn(value)) return { kind: 'execution', executionArn: value };
  return { kind: 'model', ...(await modelArnFor(value, ctx)) };
}

/** ARNs carry model names lowercased, so two spellings of one model compare equal. */
export function sameModelArn(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
