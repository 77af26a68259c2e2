/**
 * The `${Name}` placeholders of workflows/remediate-model.asl.json: the CDK stack passes one
 * `definitionSubstitutions` entry per name, the sandbox substitutes its own values. Each sits inside a JSON
 * string, so the file stays valid JSON before substitution.
 */
import { InvalidInputError } from '../errors.ts';

export const WORKFLOW_PLACEHOLDERS = [
  'NormalizeFunctionArn',
  'PlanFunctionArn',
  'CloneModelFunctionArn',
  'CreateEndpointConfigFunctionArn',
  'SwitchEndpointFunctionArn',
  'CheckEndpointFunctionArn',
  'RetireFunctionArn',
  'RecordOutcomeFunctionArn',
  'LockTableName',
  'NotificationTopicArn',
  'DefaultMode',
] as const;
export type WorkflowPlaceholder = (typeof WORKFLOW_PLACEHOLDERS)[number];
export type WorkflowSubstitutions = Readonly<Record<WorkflowPlaceholder, string>>;

const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Every placeholder name a definition uses, in order of first use. */
export function placeholdersIn(definition: string): string[] {
  return [...new Set([...definition.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))];
}

/**
 * Replaces every placeholder; one without a value is an error rather than a literal `${...}` that would
 * fail later, far from its cause. Values are JSON-escaped, since each lands inside a JSON string.
 */
export function substitutePlaceholders(definition: string, values: WorkflowSubstitutions): string {
  const lookup: Readonly<Record<string, string>> = values;
  const missing = placeholdersIn(definition).filter((name) => !Object.hasOwn(lookup, name));
  if (missing.length > 0) {
    throw new InvalidInputError(`no substitution for placeholder(s) ${missing.join(', ')}`);
  }
  return definition.replace(PLACEHOLDER, (_, name: string) =>
    JSON.stringify(lookup[name] ?? '').slice(1, -1),
  );
}
