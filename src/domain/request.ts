import { AccountId, ModelArn, NonEmptyString, Region, ResourceName } from './names.ts';
import * as z from './zod.ts';

/** Where the finding lives, in the form each Security Hub API wants it back. */
export const FindingRef = z.discriminatedUnion('api', [
  z.strictObject({
    api: z.literal('asff'),
    id: NonEmptyString,
    productArn: NonEmptyString,
  }),
  z.strictObject({
    api: z.literal('ocsf'),
    findingInfoUid: NonEmptyString,
    cloudAccountUid: AccountId,
    metadataProductUid: NonEmptyString,
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
