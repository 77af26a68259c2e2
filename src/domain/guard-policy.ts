/**
 * The guard: a policy that stops new SageMaker.5 findings at the source by denying `sagemaker:CreateModel`
 * unless the request asks for network isolation. It is printed by `sm5 guard-policy` and explained in
 * docs/prevention.md.
 *
 * Two statements, because IAM's `Bool` is false when the key is missing from the request: a CreateModel
 * that leaves `EnableNetworkIsolation` out (which means false) may carry no `sagemaker:NetworkIsolation`
 * key at all, and a lone `Bool ... "false"` deny would let it through. The `Null` statement denies exactly
 * that case. Together they equal one `BoolIfExists ... "false"` deny; two named statements say why.
 */
import { InvalidInputError } from './errors.ts';
import * as z from './zod.ts';

export const GuardPolicyKind = z.enum(['iam', 'scp']);
export type GuardPolicyKind = z.infer<typeof GuardPolicyKind>;

/** An IAM role or user ARN, wildcards allowed (they are matched with ArnNotLike). */
const PrincipalArnPattern = z
  .string()
  .check(
    z.regex(
      /^arn:(\*|aws|aws-cn|aws-us-gov):iam::(\*|\d{12}):(role|user)\/[\w+=,.@\-/*?]+$/,
      'an IAM role or user ARN, e.g. arn:aws:iam::111122223333:role/BreakGlass (wildcards * and ? allowed)',
    ),
  );

export const GuardPolicyOptions = z.strictObject({
  kind: z._default(GuardPolicyKind, 'iam'),
  /** Principals the SCP does not apply to (a break-glass role, a pipeline that must create other models). */
  exemptPrincipals: z._default(z.array(PrincipalArnPattern).check(z.maxLength(20)), []),
});
export type GuardPolicyOptions = z.input<typeof GuardPolicyOptions>;

export const NETWORK_ISOLATION_KEY = 'sagemaker:NetworkIsolation';
/** Every SageMaker model in every partition, region and account the policy reaches. */
export const MODEL_RESOURCE = 'arn:*:sagemaker:*:*:model/*';

type ConditionBlock = Record<string, Record<string, string | string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: 'Deny';
  Action: string;
  Resource: string;
  Condition: ConditionBlock;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

/**
 * The policy document. `iam` is for attaching to roles (or a permission set); `scp` is for an AWS
 * Organizations service control policy, where `exemptPrincipals` lets chosen roles through.
 */
export function buildGuardPolicy(raw: GuardPolicyOptions = {}): PolicyDocument {
  const parsed = GuardPolicyOptions.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    throw new InvalidInputError(`guard policy: ${where}${issue?.message ?? 'invalid options'}`);
  }
  const { kind, exemptPrincipals } = parsed.data;
  if (kind === 'iam' && exemptPrincipals.length > 0) {
    throw new InvalidInputError(
      'guard policy: exempt principals only make sense in an SCP; an IAM policy applies to whoever it is attached to',
    );
  }
  const exemption: ConditionBlock =
    exemptPrincipals.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': exemptPrincipals } } : {};
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'DenyCreateModelWithoutNetworkIsolation',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: MODEL_RESOURCE,
        Condition: { Bool: { [NETWORK_ISOLATION_KEY]: 'false' }, ...exemption },
      },
      {
        Sid: 'DenyCreateModelThatOmitsNetworkIsolation',
        Effect: 'Deny',
        Action: 'sagemaker:CreateModel',
        Resource: MODEL_RESOURCE,
        Condition: { Null: { [NETWORK_ISOLATION_KEY]: 'true' }, ...exemption },
      },
    ],
  };
}
