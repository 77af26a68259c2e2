/**
 * A scenario seeds the sandbox's account. Its entries are the real API inputs (a model is a CreateModel
 * request, and so on), validated with the same schemas the emulated API uses, plus the faults to inject
 * and the Security Hub findings to serve. Unknown keys are errors here (a typo in a scenario must not pass
 * silently), and every error names the field: `models[2].PrimaryContainer.Image: ...`.
 */
import { readFile } from 'node:fs/promises';
import * as z from 'zod';
import { InvalidInputError } from '../domain/errors.ts';
import { AccountId, Region } from '../domain/names.ts';
import { FaultsConfig } from './faults.ts';
import {
  CreateEndpointConfigInput,
  CreateEndpointInput,
  CreateInferenceComponentInput,
  CreateModelInput,
} from './sagemaker/shapes.ts';
import { SeedFinding } from './securityhub/seed.ts';
import { isRecord } from './service.ts';

export const DEFAULT_ACCOUNT = '111122223333';
export const DEFAULT_REGION = 'us-east-1';

export const Scenario = z.strictObject({
  /** Free text shown by `sm5 sandbox`. */
  description: z.string().optional(),
  account: z._default(AccountId, DEFAULT_ACCOUNT),
  region: z._default(Region, DEFAULT_REGION),
  models: z.array(CreateModelInput).default([]),
  endpointConfigs: z.array(CreateEndpointConfigInput).default([]),
  /** Seeded endpoints start InService on their config. */
  endpoints: z.array(CreateEndpointInput).default([]),
  inferenceComponents: z.array(CreateInferenceComponentInput).default([]),
  /** Security Hub findings (ASFF or OCSF objects, as in `detail.findings[0]` of their events). */
  findings: z.array(SeedFinding).default([]),
  faults: FaultsConfig.prefault({}),
});
export type Scenario = z.infer<typeof Scenario>;
/** What a scenario author writes: every section optional. */
export type ScenarioInput = z.input<typeof Scenario>;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : `${out === '' ? '' : '.'}${String(segment)}`;
  }
  return out === '' ? '(root)' : out;
}

/**
 * The API schemas drop members they do not know, as the service does; a scenario must not, so compare
 * what went in with what came out and report every key that vanished.
 */
function unknownKeys(raw: unknown, parsed: unknown, path: PropertyKey[]): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, index) => unknownKeys(item, parsed[index], [...path, index]));
  }
  if (!isRecord(raw) || !isRecord(parsed)) return [];
  return Object.keys(raw).flatMap((key) =>
    Object.hasOwn(parsed, key)
      ? unknownKeys(raw[key], parsed[key], [...path, key])
      : [`${formatPath([...path, key])}: unknown member`],
  );
}

function invalid(source: string, problems: readonly string[]): InvalidInputError {
  return new InvalidInputError(`Invalid scenario ${source}: ${problems.join('; ')}`);
}

/** Validates a scenario object; `source` names it in errors (a file path, or 'scenario'). */
export function parseScenario(raw: unknown, source = 'scenario'): Scenario {
  const result = Scenario.safeParse(raw);
  if (!result.success) {
    throw invalid(
      source,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`),
    );
  }
  const sections = ['models', 'endpointConfigs', 'endpoints', 'inferenceComponents'] as const;
  const extra = sections.flatMap((section) =>
    unknownKeys(isRecord(raw) ? raw[section] : undefined, result.data[section], [section]),
  );
  if (extra.length > 0) throw invalid(source, extra);
  return result.data;
}

export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new InvalidInputError(
      `Cannot read scenario ${path}: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new InvalidInputError(
      `Scenario ${path} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`,
      {
        cause: e,
      },
    );
  }
  return parseScenario(raw, path);
}
