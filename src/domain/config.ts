/**
 * sm5's deployment configuration, defined once. The CDK app reads it from `cdk.json` context (or `-c key=value`)
 * and validates it at synth time; the stack hands it to the Lambdas as environment variables, and the Lambdas
 * read it back with `configFromEnvironment`, through the same schema. A bad value fails the synth with a
 * message that names the key and what it accepts, long before anything is deployed.
 *
 * | context key         | environment variable             | accepted values                          | default      |
 * |---------------------|----------------------------------|------------------------------------------|--------------|
 * | `mode`              | `SM5_MODE`                       | `auto`, `approval`, `dry-run`            | `approval`   |
 * | `retireOriginal`    | `SM5_RETIRE_ORIGINAL`            | `delete`, `retain`                       | `delete`     |
 * | `deployment`        | `SM5_DEPLOYMENT` (JSON)          | `{ blueGreen?, rollbackAlarms? }`        | `{}`         |
 * | `approvalTimeout`   | `SM5_APPROVAL_TIMEOUT_SECONDS`   | seconds, or `90s` `30m` `24h` `7d`; 1m–30d | `24h`      |
 * | `deploymentTimeout` | `SM5_DEPLOYMENT_TIMEOUT_SECONDS` | the same forms; 10m–24h                  | `2h`         |
 * | `exemptTag`         | `SM5_EXEMPT_TAG`                 | a tag key, not starting with `aws:`      | `sm5:exempt` |
 * | `notificationEmail` | (not passed to Lambdas)          | an email address                         | none         |
 *
 * Only the Normalize Lambda reads them: it copies them into the run's settings, so every later step (and
 * the history) sees the settings the run started with. Environment values are always strings: durations
 * arrive as whole seconds, `deployment` as JSON.
 */
import { DeploymentOptions } from './builders/build-update-endpoint-input.ts';
import { DEFAULT_EXEMPT_TAG_KEY } from './builders/lineage-tags.ts';
import { InvalidInputError } from './errors.ts';
import { formatPath } from './findings/describe-issues.ts';
import { Mode } from './mode.ts';
import * as z from './zod.ts';

export { MODES, Mode } from './mode.ts';

export const RETIRE_ORIGINAL = ['delete', 'retain'] as const;
export const RetireOriginal = z.enum(RETIRE_ORIGINAL);
export type RetireOriginal = z.infer<typeof RetireOriginal>;

const UNIT_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const DURATION = /^(\d+)\s*([smhd])?$/;

function parseDuration(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  const match = DURATION.exec(value.trim());
  if (match === null) return undefined;
  const [, amount, unit] = match;
  const scale = unit === undefined ? 1 : UNIT_SECONDS[unit as keyof typeof UNIT_SECONDS];
  return Number(amount) * scale;
}

function formatSeconds(seconds: number): string {
  for (const unit of ['d', 'h', 'm'] as const) {
    if (seconds % UNIT_SECONDS[unit] === 0) return `${seconds / UNIT_SECONDS[unit]}${unit}`;
  }
  return `${seconds}s`;
}

/** Whole seconds, or a number with a unit (`90s`, `30m`, `24h`, `7d`); bounds are inclusive. */
function duration(minSeconds: number, maxSeconds: number) {
  const range = `between ${formatSeconds(minSeconds)} and ${formatSeconds(maxSeconds)}`;
  return z.pipe(
    z.union([z.number(), z.string()]),
    z.transform((raw: number | string, ctx) => {
      const seconds = parseDuration(raw);
      if (seconds === undefined) {
        ctx.issues.push({
          code: 'custom',
          message: `${JSON.stringify(raw)} is not a duration: use whole seconds or a number with s, m, h or d (e.g. "30m"), ${range}`,
          input: raw,
        });
        return z.NEVER;
      }
      if (seconds < minSeconds || seconds > maxSeconds) {
        ctx.issues.push({
          code: 'custom',
          message: `${JSON.stringify(raw)} is out of range: must be ${range}`,
          input: raw,
        });
        return z.NEVER;
      }
      return seconds;
    }),
  );
}

export const APPROVAL_TIMEOUT = { min: 60, max: 30 * 86400, default: '24h' } as const;
export const DEPLOYMENT_TIMEOUT = { min: 600, max: 86400, default: '2h' } as const;

/** A tag key as AWS accepts it; `aws:` keys belong to AWS and cannot be set by users. */
export const TagKey = z.string().check(
  z.minLength(1),
  z.maxLength(128),
  z.regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'a tag key uses letters, digits, spaces and _.:/=+-@'),
  z.refine((key) => !key.toLowerCase().startsWith('aws:'), 'keys starting with "aws:" are reserved by AWS'),
);

/** What `cdk.json` context may hold. Strict: a misspelt nested key is an error, not a silent default. */
export const Sm5Config = z.strictObject({
  mode: z._default(Mode, 'approval'),
  retireOriginal: z._default(RetireOriginal, 'delete'),
  deployment: z._default(DeploymentOptions, {}),
  approvalTimeout: z.prefault(duration(APPROVAL_TIMEOUT.min, APPROVAL_TIMEOUT.max), APPROVAL_TIMEOUT.default),
  deploymentTimeout: z.prefault(
    duration(DEPLOYMENT_TIMEOUT.min, DEPLOYMENT_TIMEOUT.max),
    DEPLOYMENT_TIMEOUT.default,
  ),
  exemptTag: z._default(TagKey, DEFAULT_EXEMPT_TAG_KEY),
  notificationEmail: z.optional(z.email('not an email address')),
});
export type Sm5ConfigInput = z.input<typeof Sm5Config>;
/** Durations are whole seconds once parsed. */
export type Sm5Config = z.output<typeof Sm5Config>;

export const CONFIG_KEYS = Object.keys(Sm5Config.shape) as readonly (keyof Sm5Config)[];

// ---- errors that name the key and what it accepts ----

function unwrap(schema: z.core.$ZodType): z.core.$ZodType {
  let current = schema;
  while (
    current instanceof z.$ZodOptional ||
    current instanceof z.$ZodDefault ||
    current instanceof z.$ZodPrefault
  ) {
    current = current._zod.def.innerType;
  }
  return current;
}

/** The keys a strict object at `path` accepts, found by walking the schema. */
function allowedKeysAt(root: z.core.$ZodType, path: readonly PropertyKey[]): string[] {
  let schema = unwrap(root);
  for (const key of path) {
    if (!(schema instanceof z.$ZodObject) || typeof key !== 'string') return [];
    const next: z.core.$ZodType | undefined = schema._zod.def.shape[key];
    if (next === undefined) return [];
    schema = unwrap(next);
  }
  return schema instanceof z.$ZodObject ? Object.keys(schema._zod.def.shape) : [];
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((v) => JSON.stringify(v)).join(', ');
}

function describeIssue(issue: z.core.$ZodIssue, root: z.core.$ZodType, label: (path: string) => string) {
  const path = formatPath('', issue.path);
  switch (issue.code) {
    case 'invalid_value':
      return `${label(path)}: ${issue.input === undefined ? 'missing' : `${JSON.stringify(issue.input)} is not allowed`}; allowed values: ${quoteAll(issue.values)}`;
    case 'unrecognized_keys': {
      const allowed = allowedKeysAt(root, issue.path);
      return `${label(path || '(root)')}: unknown key${issue.keys.length > 1 ? 's' : ''} ${quoteAll(issue.keys)}; allowed keys: ${allowed.join(', ')}`;
    }
    case 'invalid_type':
      return `${label(path)}: expected ${issue.expected}, got ${issue.input === undefined ? 'nothing' : JSON.stringify(issue.input)}`;
    default:
      return `${label(path)}: ${issue.message}`;
  }
}

function issueLines(error: z.core.$ZodError, label: (path: string) => string): string[] {
  return error.issues.map((issue) => `  - ${describeIssue(issue, Sm5Config, label)}`);
}

function invalidConfig(source: string, lines: readonly string[]): InvalidInputError {
  return new InvalidInputError(`invalid sm5 configuration in ${source}:\n${lines.join('\n')}`);
}

// ---- reading cdk.json context ----

/** `-c deployment='{"rollbackAlarms":["x"]}'` arrives as a string; cdk.json gives the object itself. */
function fromCommandLine(key: string, value: unknown): unknown {
  if (key !== 'deployment' || typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Validates sm5's keys in a CDK context. `context` maps keys to values, e.g. `(key) =>
 * app.node.tryGetContext(key)` for every key of `allKeys`. Keys sm5 does not know are errors when they
 * look like one of ours (a plain camelCase word) so that a typo such as `mdoe` is not silently ignored;
 * keys with `:`, `/` or `@` belong to the CDK and its feature flags.
 */
export function parseContextConfig(context: Readonly<Record<string, unknown>>): Sm5Config {
  const ours: Record<string, unknown> = {};
  const unknown: string[] = [];
  for (const [key, value] of Object.entries(context)) {
    if ((CONFIG_KEYS as readonly string[]).includes(key)) {
      if (value !== undefined && value !== null) ours[key] = fromCommandLine(key, value);
    } else if (/^[a-z][A-Za-z0-9]*$/.test(key)) {
      unknown.push(key);
    }
  }
  const parsed = Sm5Config.safeParse(ours, { reportInput: true });
  const problems = unknown.map(
    (key) => `  - "${key}": not an sm5 setting; sm5 reads ${CONFIG_KEYS.join(', ')}`,
  );
  if (!parsed.success) problems.push(...issueLines(parsed.error, (path) => `"${path}"`));
  if (problems.length > 0 || !parsed.success) throw invalidConfig('cdk.json context', problems);
  return parsed.data;
}

// ---- the Lambdas' environment ----

export const ENV = {
  mode: 'SM5_MODE',
  retireOriginal: 'SM5_RETIRE_ORIGINAL',
  deployment: 'SM5_DEPLOYMENT',
  approvalTimeout: 'SM5_APPROVAL_TIMEOUT_SECONDS',
  deploymentTimeout: 'SM5_DEPLOYMENT_TIMEOUT_SECONDS',
  exemptTag: 'SM5_EXEMPT_TAG',
} as const;

/** The configuration a Lambda runs with: everything but the email, which only the stack uses. */
export type RuntimeConfig = Omit<Sm5Config, 'notificationEmail'>;

/** The environment variables the stack sets on the Normalize Lambda. */
export function toEnvironment(config: Sm5Config): Record<string, string> {
  return {
    [ENV.mode]: config.mode,
    [ENV.retireOriginal]: config.retireOriginal,
    [ENV.deployment]: JSON.stringify(config.deployment),
    [ENV.approvalTimeout]: String(config.approvalTimeout),
    [ENV.deploymentTimeout]: String(config.deploymentTimeout),
    [ENV.exemptTag]: config.exemptTag,
  };
}

const ENV_NAME_OF: Record<string, string> = Object.fromEntries(Object.entries(ENV));

/**
 * Reads the configuration back from `process.env` (or any string map). Unset variables take the schema's
 * defaults, so a handler run outside the stack (tests, the sandbox) behaves as the default deployment.
 * Errors name the environment variable.
 */
export function configFromEnvironment(env: Readonly<Record<string, string | undefined>>): RuntimeConfig {
  const raw: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of [
    'mode',
    'retireOriginal',
    'approvalTimeout',
    'deploymentTimeout',
    'exemptTag',
  ] as const) {
    const value = env[ENV[key]];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const deployment = env[ENV.deployment];
  if (deployment !== undefined && deployment !== '') {
    try {
      raw.deployment = JSON.parse(deployment);
    } catch {
      problems.push(`  - ${ENV.deployment}: not JSON: ${JSON.stringify(deployment)}`);
    }
  }
  const label = (path: string) => {
    const [head, ...rest] = path.split(/(?=[.[])/);
    const name = head === undefined ? path : (ENV_NAME_OF[head] ?? head);
    return rest.length > 0 ? `${name} (${rest.join('').replace(/^\./, '')})` : name;
  };
  const parsed = z.omit(Sm5Config, { notificationEmail: true }).safeParse(raw, { reportInput: true });
  if (!parsed.success) problems.push(...issueLines(parsed.error, label));
  if (problems.length > 0 || !parsed.success) throw invalidConfig('the environment', problems);
  return parsed.data;
}
