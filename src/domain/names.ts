/**
 * The names and identifiers every boundary checks (AWS account ids, regions, SageMaker resource names, model
 * ARNs) and the non-empty string. Kept apart from the request schemas, so a step that checks a name builds
 * no request schema.
 */
import * as z from './zod.ts';

/** `arn:<partition>:sagemaker:<region>:<account>:model/<name>`; the name may be lowercased by AWS. */
export const MODEL_ARN_PATTERN =
  /^arn:(aws|aws-cn|aws-us-gov):sagemaker:([a-z0-9-]+):(\d{12}):model\/([a-zA-Z0-9](-*[a-zA-Z0-9]){0,62})$/;
export const RESOURCE_NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

/** Any string but the empty one. Dozens of fields take it, so they share one schema. */
export const NonEmptyString = z.string().check(z.minLength(1));

export const AccountId = z.string().check(z.regex(/^\d{12}$/, 'an AWS account id is 12 digits'));
export const Region = z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'not an AWS region name'));
export const ResourceName = z
  .string()
  .check(z.regex(RESOURCE_NAME_PATTERN, 'a SageMaker name is 1-63 letters, digits and single hyphens'));
export const ModelArn = z.string().check(z.regex(MODEL_ARN_PATTERN, 'not a SageMaker model ARN'));
