/**
 * Names of the resources sm5 creates. They are a pure function of what they replace, so a rerun after a
 * crash computes the same name and finds what the earlier run created, and two runs that need the same
 * resource (two models sharing a config) converge on one. The readable prefix makes the lineage visible in
 * the console; the hash keeps names distinct when prefixes are truncated or differ only in case (SageMaker
 * lowercases names in ARNs, so "Model" and "model" must not map to clones that clash there).
 */
import { createHash } from 'node:crypto';
import { InvalidInputError } from './errors.ts';
import { RESOURCE_NAME_PATTERN } from './names.ts';

export const MAX_NAME_LENGTH = 63;
export const ISOLATED_MARKER = '-iso-';
export const HASH_LENGTH = 8;
const MAX_PREFIX_LENGTH = MAX_NAME_LENGTH - ISOLATED_MARKER.length - HASH_LENGTH;

/** One model replaced by another in an endpoint config's variants. */
export interface ModelSwapLike {
  readonly from: string;
  readonly to: string;
}

/** First HASH_LENGTH hex digits of SHA-256 over the parts; a separator no name can contain keeps parts apart. */
export function shortHash(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, HASH_LENGTH);
}

function assertName(kind: string, name: string): void {
  if (!RESOURCE_NAME_PATTERN.test(name)) {
    throw new InvalidInputError(`${kind} "${name}" is not a valid SageMaker name`);
  }
}

// A valid name starts with a letter or digit, so the prefix is never empty; trailing hyphens would be legal
// before the marker but read badly ("model---iso-…").
function prefixOf(name: string): string {
  return name.slice(0, MAX_PREFIX_LENGTH).replace(/-+$/, '');
}

/** `<model truncated>-iso-<hash of the model name>`. */
export function cloneModelName(originalModelName: string): string {
  assertName('model name', originalModelName);
  return `${prefixOf(originalModelName)}${ISOLATED_MARKER}${shortHash(['model', originalModelName])}`;
}

/**
 * `<config truncated>-iso-<hash of the config name and the swaps>`. The swaps are part of the identity: the
 * same config with a different set of models replaced is a different config.
 */
export function isolatedEndpointConfigName(configName: string, swaps: readonly ModelSwapLike[]): string {
  assertName('endpoint config name', configName);
  const canonical = [...swaps]
    .map((swap) => `${swap.from}>${swap.to}`)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${prefixOf(configName)}${ISOLATED_MARKER}${shortHash(['endpoint-config', configName, ...canonical])}`;
}
