import { InvalidInputError } from '../errors.ts';
import { AccountId, Region } from '../names.ts';
import * as z from '../zod.ts';
import { describeIssues } from './describe-issues.ts';

export const Partition = z.enum(['aws', 'aws-cn', 'aws-us-gov']);
export type Partition = z.infer<typeof Partition>;

/** Where sm5 runs: only findings and models of this account and region are acted on. */
export const NormalizeContext = z.object({
  accountId: AccountId,
  region: Region,
  /** Derived from the region when absent; when given, it must be the region's. */
  partition: z.optional(z.string()),
});
export type NormalizeContext = z.input<typeof NormalizeContext>;
export interface ResolvedContext {
  accountId: string;
  region: string;
  partition: Partition;
}

export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}

/** The context comes from our own configuration: a bad one is our input error, not the event's. */
export function resolveContext(context: unknown): ResolvedContext {
  const parsed = NormalizeContext.safeParse(context);
  if (!parsed.success) {
    throw new InvalidInputError(`invalid context: ${describeIssues(parsed.error, 'context')}`);
  }
  const { accountId, region, partition } = parsed.data;
  const regional = partitionOf(region);
  if (partition !== undefined && partition !== regional) {
    throw new InvalidInputError(
      `invalid context: region ${region} is in partition ${regional}, not ${partition}`,
    );
  }
  return { accountId, region, partition: regional };
}
