/**
 * "Already exists" is the normal answer when a step runs again after a crash, or when two runs need the same
 * resource. The existing resource is then compared with the request: equal means the earlier call did the
 * work; different means our deterministic name is taken by something else, and carrying on would switch an
 * endpoint to a resource nobody reviewed.
 */
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  DescribeEndpointConfigOutput,
  DescribeModelOutput,
} from '@aws-sdk/client-sagemaker';
import { copyWithout } from './copy.ts';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function isPrimitive(value: unknown): boolean {
  return value === null || (typeof value !== 'object' && typeof value !== 'function');
}

function sortedPrimitives(values: readonly unknown[]): string[] {
  return values.map((value) => JSON.stringify(value)).sort();
}

/**
 * The paths at which `actual` lacks or differs from a member `wanted` sets. Members only `actual` has are
 * defaults the service filled in and do not count. Lists of plain values (subnets, security groups, content
 * types) compare as sets, since the service does not promise to keep their order; lists of objects
 * (containers, variants) compare in order.
 */
export function differences(wanted: unknown, actual: unknown, path = ''): string[] {
  if (wanted === undefined) return [];
  if (Array.isArray(wanted)) {
    if (!Array.isArray(actual) || actual.length !== wanted.length) return [path || '(root)'];
    if (wanted.every(isPrimitive) && actual.every(isPrimitive)) {
      const a = sortedPrimitives(wanted);
      const b = sortedPrimitives(actual);
      return a.every((value, i) => value === b[i]) ? [] : [path];
    }
    return wanted.flatMap((item, i) => differences(item, actual[i], `${path}[${i}]`));
  }
  if (wanted instanceof Date) {
    return actual instanceof Date && actual.getTime() === wanted.getTime() ? [] : [path];
  }
  if (isPlainObject(wanted)) {
    if (!isPlainObject(actual)) return [path || '(root)'];
    return Object.entries(wanted).flatMap(([key, value]) =>
      differences(value, actual[key], path ? `${path}.${key}` : key),
    );
  }
  return Object.is(wanted, actual) ? [] : [path];
}

/** Differences between the clone sm5 wants and the model that holds its name; tags are not compared. */
export function modelDifferences(wanted: CreateModelInput, existing: DescribeModelOutput): string[] {
  return differences(copyWithout(wanted, ['ModelName', 'Tags']), existing);
}

/** Differences between the endpoint config sm5 wants and the one that holds its name; tags not compared. */
export function endpointConfigDifferences(
  wanted: CreateEndpointConfigInput,
  existing: DescribeEndpointConfigOutput,
): string[] {
  return differences(copyWithout(wanted, ['EndpointConfigName', 'Tags']), existing);
}
