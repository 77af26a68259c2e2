import { readFileSync } from 'node:fs';

export const SAMPLES = [
  'asff-imported-consolidated',
  'asff-imported-legacy',
  'custom-action',
  'ocsf-imported-v2',
  'negative-asff-passed',
  'negative-asff-other-control',
  'negative-asff-suppressed',
  'negative-asff-archived',
] as const;
export type SampleName = (typeof SAMPLES)[number];

/** The account and region every sample is in. */
export const CTX = { accountId: '111122223333', region: 'us-east-1' } as const;
export const MODEL_ARN = 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3';
export const ACTION_ARN = 'arn:aws:securityhub:us-east-1:111122223333:action/custom/Sm5Remediate';

/** A fresh copy each call, so a test can mutate it freely. */
export function loadSample(name: SampleName): unknown {
  const url = new URL(`../../fixtures/events/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

export type Path = readonly (string | number)[];

function isContainer(value: unknown): value is Record<string | number, unknown> {
  return typeof value === 'object' && value !== null;
}

export function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (isContainer(node) && Object.hasOwn(node, key) ? node[key] : undefined),
    value,
  );
}

/** Sets (or, with `undefined`, deletes) the value at an existing parent; a missing parent is left alone. */
export function setAt(root: unknown, path: Path, value: unknown): void {
  const parent = getAt(root, path.slice(0, -1));
  const key = path.at(-1);
  if (!isContainer(parent) || key === undefined) return;
  if (value !== undefined) parent[key] = value;
  else if (Array.isArray(parent) && typeof key === 'number') parent.splice(key, 1);
  else delete parent[key];
}

/** Every path in a JSON document, parents before children, the root excluded. */
export function allPaths(value: unknown, prefix: Path = []): Path[] {
  if (!isContainer(value)) return [];
  const keys = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return keys.flatMap((key) => {
    const path = [...prefix, key];
    return [path, ...allPaths(value[key], path)];
  });
}

export function withChanges(name: SampleName, changes: readonly [Path, unknown][]): unknown {
  const event = loadSample(name);
  for (const [path, value] of changes) setAt(event, path, value);
  return event;
}

export const FINDING: Path = ['detail', 'findings', 0];
export const at = (...keys: (string | number)[]): Path => [...FINDING, ...keys];
