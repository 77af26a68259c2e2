/**
 * The tags sm5 writes. Lineage tags make every created resource traceable to its source, finding and run;
 * `sm5:superseded-by` marks what a run replaced, and the workflow's IAM only lets it delete resources that
 * carry that tag. A SageMaker resource holds at most 50 user tags (`aws:` tags are the service's own).
 */
import type { Tag } from '@aws-sdk/client-sagemaker';
import type { Lineage } from './shapes.ts';

export const TAG_SOURCE_MODEL = 'sm5:source-model';
export const TAG_SOURCE_CONFIG = 'sm5:source-config';
export const TAG_FINDING = 'sm5:finding';
export const TAG_RUN = 'sm5:run';
export const TAG_SUPERSEDED_BY = 'sm5:superseded-by';
export const DEFAULT_EXEMPT_TAG_KEY = 'sm5:exempt';

export const MAX_TAGS = 50;
export const MAX_TAG_VALUE_LENGTH = 256;

// Tags that describe one resource's history: copying them to its replacement would misstate the lineage.
const NOT_COPIED = new Set([TAG_SOURCE_MODEL, TAG_SOURCE_CONFIG, TAG_FINDING, TAG_RUN, TAG_SUPERSEDED_BY]);

/** Keeps the characters AWS accepts in a tag value (letters, digits, spaces, `_.:/=+-@`), at most 256. */
export function tagValue(raw: string): string {
  const safe = Array.from(raw.replace(/[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu, '_'));
  return safe.slice(0, MAX_TAG_VALUE_LENGTH).join('');
}

export function isAwsReservedTag(key: string): boolean {
  return key.toLowerCase().startsWith('aws:');
}

/** The source's own tags that its replacement should carry too. */
export function copyableTags(tags: readonly Tag[]): Tag[] {
  return tags
    .filter((tag): tag is Tag & { Key: string } => typeof tag.Key === 'string')
    .filter((tag) => !isAwsReservedTag(tag.Key) && !NOT_COPIED.has(tag.Key))
    .map((tag) => ({ Key: tag.Key, Value: tag.Value ?? '' }));
}

/** Lineage tags in priority order: when tags must be dropped, the last ones go first. */
export function lineageTags(sourceKey: string, sourceName: string, lineage: Lineage): Tag[] {
  const tags: Tag[] = [{ Key: sourceKey, Value: tagValue(sourceName) }];
  if (lineage.runId !== null) tags.push({ Key: TAG_RUN, Value: tagValue(lineage.runId) });
  if (lineage.findingId !== null) tags.push({ Key: TAG_FINDING, Value: tagValue(lineage.findingId) });
  return tags;
}

export interface MergedTags {
  tags: Tag[];
  /** Lineage tag keys left out because the source already used the room. */
  dropped: string[];
}

/**
 * The source's tags first, then as many lineage tags as fit in 50. The owner's tags may drive cost
 * allocation or access control, so a replacement must not lose them; the lineage is also in the name.
 */
export function mergeTags(copied: readonly Tag[], lineage: readonly Tag[]): MergedTags {
  const room = Math.max(0, MAX_TAGS - copied.length);
  return {
    tags: [...copied, ...lineage.slice(0, room)],
    dropped: lineage.slice(room).map((tag) => tag.Key ?? ''),
  };
}
