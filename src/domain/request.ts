import * as z from './zod.ts';

/** `arn:<partition>:sagemaker:<region>:<account>:model/<name>`; the name may be lowercased by AWS. */
export const MODEL_ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):sagemaker:([a-z0-9-]+):(\d{12}):model\/([a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$/;
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

export const AccountId = z.string().check(z.regex(/^\d{12}$/, 'an AWS account id is 12 digits'));
export const Region = z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name'));
export const ResourceName = z
  .string()
  .check(z.regex(RESOURCE_NAME_PATTERN, 'a SageMaker name is 1-63 letters, digits and single hyphens'));
export const ModelArn = z.string().check(z.regex(MODEL_ARN_PATTERN, 'not a SageMaker model ARN'));

/** Where the finding lives, in the form each Security Hub API wants it back. */
export const FindingRef = z.discriminatedUnion('api', [
  z.strictObject({
    api: z.literal('asff'),
    id: z.string().check(z.minLength(1)),
    productArn: z.string().check(z.minLength(1)),
  }),
  z.strictObject({
    api: z.literal('ocsf'),
    findingInfoUid: z.string().check(z.minLength(1)),
    cloudAccountUid: AccountId,
    metadataProductUid: z.string().check(z.minLength(1)),
  }),
]);
export type FindingRef = z.infer<typeof FindingRef>;

export const Trigger = z.enum(['auto', 'custom-action', 'cli']);
export type Trigger = z.infer<typeof Trigger>;

/** What every entry point (event, custom action, CLI) normalises to. */
export const RemediationRequest = z.strictObject({
  finding: z.nullable(FindingRef),
  accountId: AccountId,
  region: Region,
  modelArn: ModelArn,
  /** As it appears in the ARN: possibly lowercased. The plan resolves the real name. */
  modelName: ResourceName,
  trigger: Trigger,
});
export type RemediationRequest = z.infer<typeof RemediationRequest>;
