import { AccountId, NonEmptyString } from '../names.ts';
import type { FindingRef } from '../request.ts';
import * as z from '../zod.ts';

const AsffIdentity = z.looseObject({ Id: NonEmptyString, ProductArn: NonEmptyString });
const OcsfIdentity = z.looseObject({
  finding_info: z.looseObject({ uid: NonEmptyString }),
  cloud: z.looseObject({ account: z.looseObject({ uid: AccountId }) }),
  metadata: z.looseObject({ product: z.looseObject({ uid: NonEmptyString }) }),
});

/**
 * Where to write back to a finding, read without judging it: a rejected finding still deserves a note that
 * says why sm5 left it alone. `null` when the finding does not even identify itself.
 */
export function findingRefOf(raw: unknown, api: 'asff' | 'ocsf'): FindingRef | null {
  if (api === 'asff') {
    const parsed = AsffIdentity.safeParse(raw);
    return parsed.success ? { api, id: parsed.data.Id, productArn: parsed.data.ProductArn } : null;
  }
  const parsed = OcsfIdentity.safeParse(raw);
  if (!parsed.success) return null;
  return {
    api,
    findingInfoUid: parsed.data.finding_info.uid,
    cloudAccountUid: parsed.data.cloud.account.uid,
    metadataProductUid: parsed.data.metadata.product.uid,
  };
}

const AsffId = z.looseObject({ Id: NonEmptyString });
const OcsfId = z.looseObject({ finding_info: z.looseObject({ uid: NonEmptyString }) });

/** A finding's id for messages and reports: its own id when it has one, else where it sits in the event. */
export function findingIdOf(raw: unknown, fallback: string): string {
  const asff = AsffId.safeParse(raw);
  if (asff.success) return asff.data.Id;
  const ocsf = OcsfId.safeParse(raw);
  return ocsf.success ? ocsf.data.finding_info.uid : fallback;
}
