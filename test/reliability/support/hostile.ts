/**
 * Broken input, built from good input: every path of a JSON value, and mutations (delete a member, replace a
 * value with one the rules care about or with any JSON) applied to a copy.
 */
import fc from 'fast-check';

export type Path = readonly (string | number)[];

export type Mutation =
  | { readonly op: 'delete'; readonly path: Path }
  | { readonly op: 'set'; readonly path: Path; readonly value: unknown };

/** Every path below the root, objects and arrays included (so whole sections can go or change type). */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) {
    return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])]);
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [
      [...prefix, key],
      ...pathsOf(item, [...prefix, key]),
    ]);
  }
  return [];
}

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

/** A mutated deep copy; a path that no longer exists (an earlier mutation removed it) is skipped. */
export function mutate(value: unknown, mutations: readonly Mutation[]): unknown {
  const copy: unknown = structuredClone(value);
  const root = { value: copy };
  for (const mutation of mutations) {
    let parent: unknown = root;
    let key: string | number = 'value';
    for (const segment of mutation.path) {
      const next: unknown = isContainer(parent) ? Reflect.get(parent, key) : undefined;
      if (!isContainer(next)) {
        parent = undefined;
        break;
      }
      parent = next;
      key = segment;
    }
    if (!isContainer(parent)) continue;
    if (mutation.op === 'delete') {
      if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
      else Reflect.deleteProperty(parent, key);
    } else {
      Reflect.set(parent, key, mutation.value);
    }
  }
  return root.value;
}

/** Values the normaliser's rules turn on, so mutations hit a rule far more often than chance would. */
export const INTERESTING_VALUES: readonly unknown[] = [
  'FAILED',
  'PASSED',
  'NEW',
  'NOTIFIED',
  'SUPPRESSED',
  'RESOLVED',
  'ACTIVE',
  'ARCHIVED',
  'SageMaker.5',
  'SageMaker.4',
  '444455556666',
  'eu-west-1',
  'arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud',
  'arn:aws:sagemaker:eu-west-1:111122223333:model/fraud',
  'arn:aws:sagemaker:us-east-1:444455556666:model/fraud',
  'arn:aws:sagemaker:us-east-1:111122223333:model/bad_name',
  'aws.sagemaker',
  'Security Hub Findings - Custom Action',
  'Findings Imported V2',
  '',
  0,
  -1,
  null,
  true,
  [],
  {},
];

export function mutationsArb(base: unknown, maxLength = 3): fc.Arbitrary<Mutation[]> {
  const paths = pathsOf(base);
  const path = fc.constantFrom(...paths);
  const value = fc.oneof(
    { arbitrary: fc.constantFrom(...INTERESTING_VALUES), weight: 3 },
    { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 },
  );
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.record({ op: fc.constant('delete' as const), path }),
    fc.record({ op: fc.constant('set' as const), path, value }),
  );
  return fc.array(mutation, { minLength: 1, maxLength });
}
