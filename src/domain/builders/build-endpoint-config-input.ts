/**
 * The CreateEndpointConfig request that replaces a config: every member of its description except the
 * output-only ones, with the swapped models replaced by their isolated clones in production and shadow
 * variants alike. All swaps land in one config, so an endpoint serving several models is cut over once.
 */
import type {
  CreateEndpointConfigInput,
  DescribeEndpointConfigOutput,
  ProductionVariant,
  Tag,
} from '@aws-sdk/client-sagemaker';
import { copyWithout, sameName } from './copy.ts';
import { copyableTags, lineageTags, mergeTags, TAG_SOURCE_CONFIG } from './lineage-tags.ts';
import type { Lineage, ModelSwap } from './shapes.ts';

export const ENDPOINT_CONFIG_MEMBERS_NOT_COPIED = [
  'EndpointConfigName',
  'EndpointConfigArn',
  'CreationTime',
  '$metadata',
] as const;

export interface EndpointConfigRequestBuild {
  input: CreateEndpointConfigInput & { EndpointConfigName: string; ProductionVariants: ProductionVariant[] };
  droppedTags: string[];
}

/**
 * The variants with every swapped model replaced, wherever a variant names one (its ModelName and its
 * instance pools' ModelNameOverride); every other member of each variant is kept.
 */
export function swapModels(
  variants: readonly ProductionVariant[],
  swaps: readonly ModelSwap[],
): ProductionVariant[] {
  const replacement = (name: string | undefined) =>
    swaps.find((swap) => sameName(swap.from, name))?.to ?? name;
  return variants.map((original) => {
    const variant = structuredClone(original);
    if (variant.ModelName !== undefined) variant.ModelName = replacement(variant.ModelName);
    for (const pool of variant.InstancePools ?? []) {
      if (pool.ModelNameOverride !== undefined) pool.ModelNameOverride = replacement(pool.ModelNameOverride);
    }
    return variant;
  });
}

export function buildEndpointConfigInput(args: {
  source: DescribeEndpointConfigOutput;
  sourceTags: readonly Tag[];
  newConfigName: string;
  swaps: readonly ModelSwap[];
  lineage: Lineage;
}): EndpointConfigRequestBuild {
  const { source, sourceTags, newConfigName, swaps, lineage } = args;
  const members = copyWithout(source, ENDPOINT_CONFIG_MEMBERS_NOT_COPIED);
  const { tags, dropped } = mergeTags(
    copyableTags(sourceTags),
    lineageTags(TAG_SOURCE_CONFIG, source.EndpointConfigName ?? '', lineage),
  );
  return {
    input: {
      ...members,
      EndpointConfigName: newConfigName,
      ProductionVariants: swapModels(source.ProductionVariants ?? [], swaps),
      ...(source.ShadowProductionVariants
        ? { ShadowProductionVariants: swapModels(source.ShadowProductionVariants, swaps) }
        : {}),
      ...(tags.length > 0 ? { Tags: tags } : {}),
    },
    droppedTags: dropped,
  };
}
