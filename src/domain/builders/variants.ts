/** Reading an endpoint config's variants: production and shadow variants both run models. */
import type { DescribeEndpointConfigOutput, ProductionVariant } from '@aws-sdk/client-sagemaker';

export type VariantKind = 'production' | 'shadow';

export interface ConfigVariant {
  kind: VariantKind;
  variant: ProductionVariant;
}

export function variantsOf(
  config: Pick<DescribeEndpointConfigOutput, 'ProductionVariants' | 'ShadowProductionVariants'>,
): ConfigVariant[] {
  return [
    ...(config.ProductionVariants ?? []).map((variant) => ({ kind: 'production' as const, variant })),
    ...(config.ShadowProductionVariants ?? []).map((variant) => ({ kind: 'shadow' as const, variant })),
  ];
}

/** The models a variant runs: its ModelName, and any instance pool's ModelNameOverride. */
export function modelNamesOf(variant: ProductionVariant): string[] {
  const names = [variant.ModelName, ...(variant.InstancePools ?? []).map((pool) => pool.ModelNameOverride)];
  const seen = new Set<string>();
  return names.filter((name): name is string => {
    if (name === undefined || name === '' || seen.has(name.toLowerCase())) return false;
    seen.add(name.toLowerCase());
    return true;
  });
}

/** An inference-component endpoint's variants name no model: the components do. */
export function isInferenceComponentConfig(
  config: Pick<DescribeEndpointConfigOutput, 'ProductionVariants' | 'ShadowProductionVariants'>,
): boolean {
  return variantsOf(config).some(({ variant }) => modelNamesOf(variant).length === 0);
}
