/**
 * zod builders that carry the SageMaker service model's constraints (length, pattern, range, enum) with the
 * constraint texts AWS puts in its ValidationException messages, and the formatter that turns zod issues
 * into those messages:
 *   `1 validation error detected: Value 'x' at 'modelName' failed to satisfy constraint: Member must ...`
 */
import * as z from 'zod';
import { isRecord, SERIALIZATION_EXCEPTION, ServiceError, validationError } from '../service.ts';

export const constraint = {
  maxLength: (n: number) => `Member must have length less than or equal to ${n}`,
  minLength: (n: number) => `Member must have length greater than or equal to ${n}`,
  pattern: (p: string) => `Member must satisfy regular expression pattern: ${p}`,
  maxValue: (n: number) => `Member must have value less than or equal to ${n}`,
  minValue: (n: number) => `Member must have value greater than or equal to ${n}`,
  enumSet: (values: readonly string[]) => `Member must satisfy enum value set: [${values.join(', ')}]`,
  notNull: 'Member must not be null',
} as const;

export interface StringConstraints {
  readonly min?: number;
  readonly max?: number;
  /** As AWS prints it; matched against the whole value, as the service (Java `matches`) does. */
  readonly pattern?: string;
}

function fullMatch(pattern: string): RegExp {
  const body = pattern.replace(/^\^/, '').replace(/\$$/, '');
  return new RegExp(`^(?:${body})$`, 'u');
}

function stringProblems(value: string, c: StringConstraints): string[] {
  const problems: string[] = [];
  if (c.min !== undefined && value.length < c.min) problems.push(constraint.minLength(c.min));
  if (c.max !== undefined && value.length > c.max) problems.push(constraint.maxLength(c.max));
  if (c.pattern !== undefined && !fullMatch(c.pattern).test(value))
    problems.push(constraint.pattern(c.pattern));
  return problems;
}

export function str(c: StringConstraints = {}): z.ZodString {
  let schema = z.string();
  if (c.min !== undefined) schema = schema.min(c.min, constraint.minLength(c.min));
  if (c.max !== undefined) schema = schema.max(c.max, constraint.maxLength(c.max));
  if (c.pattern !== undefined) schema = schema.regex(fullMatch(c.pattern), constraint.pattern(c.pattern));
  return schema;
}

export function int(c: { min?: number; max?: number } = {}): z.ZodNumber {
  let schema = z.number().int();
  if (c.min !== undefined) schema = schema.min(c.min, constraint.minValue(c.min));
  if (c.max !== undefined) schema = schema.max(c.max, constraint.maxValue(c.max));
  return schema;
}

export function float(c: { min?: number; max?: number } = {}): z.ZodNumber {
  let schema = z.number();
  if (c.min !== undefined) schema = schema.min(c.min, constraint.minValue(c.min));
  if (c.max !== undefined) schema = schema.max(c.max, constraint.maxValue(c.max));
  return schema;
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, constraint.enumSet(values));
}

export function list<T extends z.ZodType>(item: T, c: { min?: number; max?: number } = {}) {
  let schema = z.array(item);
  if (c.min !== undefined) schema = schema.min(c.min, constraint.minLength(c.min));
  if (c.max !== undefined) schema = schema.max(c.max, constraint.maxLength(c.max));
  return schema;
}

/** A string-to-string map (container Environment) with AWS's map-key and map-value messages. */
export function stringMap(c: { max: number; key: StringConstraints; value: StringConstraints }) {
  return z.record(z.string(), z.string()).superRefine((map, ctx) => {
    const entries = Object.entries(map);
    if (entries.length > c.max)
      ctx.addIssue({ code: 'custom', message: constraint.maxLength(c.max), input: map });
    const keyProblems = new Set(entries.flatMap(([key]) => stringProblems(key, c.key)));
    if (keyProblems.size > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Map keys must satisfy constraint: [${[...keyProblems].join(', ')}]`,
        input: map,
      });
    }
    const valueProblems = new Set(entries.flatMap(([, value]) => stringProblems(value, c.value)));
    if (valueProblems.size > 0) {
      ctx.addIssue({
        code: 'custom',
        message: `Map value must satisfy constraint: [${[...valueProblems].join(', ')}]`,
        input: map,
      });
    }
  });
}

/**
 * A timestamp member: the SDKs send epoch seconds (a number, possibly fractional); ISO-8601 strings are
 * accepted too. Parsed to epoch milliseconds.
 */
export const timestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value * 1000 : parseTimestampString(value);
  if (ms === undefined || !Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'Member must be a timestamp', input: value });
    return z.NEVER;
  }
  return ms;
});

function parseTimestampString(value: string): number | undefined {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

// ---- issue formatting ----

function lowerFirst(segment: string): string {
  return segment.charAt(0).toLowerCase() + segment.slice(1);
}

/** `['ProductionVariants', 0, 'VariantName']` → `productionVariants.1.member.variantName`, as AWS prints it. */
export function awsMemberPath(path: readonly PropertyKey[]): string {
  return path
    .map((segment) => (typeof segment === 'number' ? `${segment + 1}.member` : lowerFirst(String(segment))))
    .join('.');
}

function plain(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(plain).join(', ')}]`;
  if (isRecord(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${plain(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

function renderValue(issue: z.core.$ZodIssue): string {
  return issue.input === undefined ? 'null' : `'${plain(issue.input)}'`;
}

function isMissing(issue: z.core.$ZodIssue): boolean {
  return issue.code === 'invalid_type' && issue.input === undefined;
}

/** AWS JSON services treat an explicit null member as absent. */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (!isRecord(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    if (member !== null) out[key] = dropNulls(member);
  }
  return out;
}

export function formatValidationMessage(issues: readonly z.core.$ZodIssue[]): string {
  const parts = issues.map((issue) => {
    const message = isMissing(issue) ? constraint.notNull : issue.message;
    return `Value ${renderValue(issue)} at '${awsMemberPath(issue.path)}' failed to satisfy constraint: ${message}`;
  });
  const count = parts.length;
  return `${count} validation error${count === 1 ? '' : 's'} detected: ${parts.join('; ')}`;
}

/**
 * Validates a request as SageMaker does: a member of the wrong JSON type is a SerializationException
 * (the request cannot be deserialized); constraint violations are one ValidationException listing them all.
 */
export function parseRequest<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const result = schema.safeParse(dropNulls(raw), { reportInput: true });
  if (result.success) return result.data;
  const wrongType = result.error.issues.find((issue) => issue.code === 'invalid_type' && !isMissing(issue));
  if (wrongType !== undefined) {
    throw new ServiceError(
      SERIALIZATION_EXCEPTION,
      `Value at '${awsMemberPath(wrongType.path)}' cannot be converted: expected ${
        'expected' in wrongType ? String(wrongType.expected) : 'another type'
      }`,
    );
  }
  throw validationError(formatValidationMessage(result.error.issues));
}
