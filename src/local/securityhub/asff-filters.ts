/**
 * GetFindings' `Filters` over ASFF findings: the string filters sm5 and an operator reach for, with the
 * combination rules of the API reference (StringFilter): on one field, EQUALS/PREFIX/CONTAINS filters are
 * joined by OR, NOT_EQUALS/PREFIX_NOT_EQUALS/NOT_CONTAINS by AND, and some mixes are errors; different fields
 * are joined by AND. Values are case sensitive. A filter member the sandbox does not emulate is refused by
 * name rather than ignored, since ignoring it would return findings the caller excluded.
 */
import * as z from 'zod';
import { isRecord, ServiceError } from '../service.ts';
import { type SortCriterion, type StringComparison, StringFilter } from './requests.ts';
import type { AsffFinding } from './seed.ts';

type Values = (finding: AsffFinding) => readonly string[];

function at(value: unknown, ...path: string[]): unknown {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return current;
}

function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

const field =
  (...path: string[]): Values =>
  (finding) =>
    strings(at(finding, ...path));

/** One value per element of an array member (`Resources[].Id`). */
const each =
  (array: string, ...path: string[]): Values =>
  (finding) => {
    const items = finding[array];
    return Array.isArray(items) ? items.flatMap((item) => strings(at(item, ...path))) : [];
  };

/** AwsSecurityFindingFilters members the sandbox evaluates, and where each reads the finding. */
export const ASFF_STRING_FIELDS: Readonly<Record<string, Values>> = {
  Id: field('Id'),
  ProductArn: field('ProductArn'),
  ProductName: field('ProductName'),
  CompanyName: field('CompanyName'),
  AwsAccountId: field('AwsAccountId'),
  Region: field('Region'),
  GeneratorId: field('GeneratorId'),
  Type: field('Types'),
  Title: field('Title'),
  Description: field('Description'),
  SeverityLabel: field('Severity', 'Label'),
  ResourceId: each('Resources', 'Id'),
  ResourceType: each('Resources', 'Type'),
  ResourceRegion: each('Resources', 'Region'),
  ResourcePartition: each('Resources', 'Partition'),
  ComplianceStatus: field('Compliance', 'Status'),
  ComplianceSecurityControlId: field('Compliance', 'SecurityControlId'),
  ComplianceAssociatedStandardsId: (finding) => {
    const standards = at(finding, 'Compliance', 'AssociatedStandards');
    return Array.isArray(standards) ? standards.flatMap((s) => strings(at(s, 'StandardsId'))) : [];
  },
  WorkflowStatus: field('Workflow', 'Status'),
  WorkflowState: field('WorkflowState'),
  RecordState: field('RecordState'),
  VerificationState: field('VerificationState'),
  NoteText: field('Note', 'Text'),
  NoteUpdatedBy: field('Note', 'UpdatedBy'),
};

/** Timestamps sort too; ISO 8601 strings are compared as instants. */
const ASFF_DATE_FIELDS = ['CreatedAt', 'UpdatedAt', 'FirstObservedAt', 'LastObservedAt', 'ProcessedAt'];

const POSITIVE = new Set<StringComparison>(['EQUALS', 'PREFIX', 'CONTAINS']);

function test(comparison: StringComparison, value: string, wanted: string): boolean {
  switch (comparison) {
    case 'EQUALS':
    case 'NOT_EQUALS':
      return value === wanted;
    case 'PREFIX':
    case 'PREFIX_NOT_EQUALS':
      return value.startsWith(wanted);
    case 'CONTAINS':
    case 'NOT_CONTAINS':
      return value.includes(wanted);
    case 'CONTAINS_WORD':
      return value.split(/\W+/).includes(wanted);
  }
}

/** Whether a finding passes one field's filters, given that field's values on the finding. */
export function matchesStringFilters(values: readonly string[], filters: readonly StringFilter[]): boolean {
  const positive = filters.filter((f) => POSITIVE.has(f.Comparison) || f.Comparison === 'CONTAINS_WORD');
  const negative = filters.filter((f) => !positive.includes(f));
  const anyPositive =
    positive.length === 0 || positive.some((f) => values.some((v) => test(f.Comparison, v, f.Value)));
  const allNegative = negative.every((f) => !values.some((v) => test(f.Comparison, v, f.Value)));
  return anyPositive && allNegative;
}

function checkCombination(name: string, filters: readonly StringFilter[]): void {
  const used = new Set(filters.map((f) => f.Comparison));
  const refuse = (why: string) => {
    throw new ServiceError('InvalidInputException', `Invalid filter ${name}: ${why}`);
  };
  if (used.has('CONTAINS_WORD')) refuse('CONTAINS_WORD works only in the V2 APIs');
  if (used.has('CONTAINS') && used.size > 1)
    refuse('CONTAINS filters can only be used with other CONTAINS filters');
  if (used.has('NOT_CONTAINS') && used.size > 1) {
    refuse('NOT_CONTAINS filters can only be used with other NOT_CONTAINS filters');
  }
  if (used.has('EQUALS') && (used.has('NOT_EQUALS') || used.has('PREFIX_NOT_EQUALS'))) {
    refuse('an EQUALS filter cannot be combined with NOT_EQUALS or PREFIX_NOT_EQUALS on the same field');
  }
}

export type FindingPredicate = (finding: AsffFinding) => boolean;

/** Validates GetFindings' `Filters` and turns them into one predicate. */
export function asffFilter(filters: Record<string, unknown> | undefined): FindingPredicate {
  const checks: FindingPredicate[] = [];
  for (const [name, raw] of Object.entries(filters ?? {})) {
    const values = Object.hasOwn(ASFF_STRING_FIELDS, name) ? ASFF_STRING_FIELDS[name] : undefined;
    if (values === undefined) {
      throw new ServiceError(
        'InvalidInputException',
        `The sandbox does not emulate the filter ${name}; it filters on ${Object.keys(ASFF_STRING_FIELDS).join(', ')}.`,
      );
    }
    const parsed = z.array(StringFilter).max(20).safeParse(raw);
    if (!parsed.success) {
      throw new ServiceError(
        'InvalidInputException',
        `Invalid filter ${name}: expected up to 20 string filters, each with a Value and a Comparison (${parsed.error.issues[0]?.message ?? 'invalid'}).`,
      );
    }
    if (parsed.data.length === 0) continue;
    checkCombination(name, parsed.data);
    const list = parsed.data;
    checks.push((finding) => matchesStringFilters(values(finding), list));
  }
  return (finding) => checks.every((check) => check(finding));
}

function sortKey(finding: AsffFinding, field: string): string | number | undefined {
  if (ASFF_DATE_FIELDS.includes(field)) {
    const value = finding[field];
    const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms) ? undefined : ms;
  }
  return ASFF_STRING_FIELDS[field]?.(finding)[0];
}

/** Sorted copy; findings without the field go last, ties keep their order. */
export function sortAsff(
  findings: readonly AsffFinding[],
  criteria: readonly SortCriterion[],
): AsffFinding[] {
  for (const { Field } of criteria) {
    if (!ASFF_DATE_FIELDS.includes(Field) && !Object.hasOwn(ASFF_STRING_FIELDS, Field)) {
      throw new ServiceError('InvalidInputException', `The sandbox cannot sort findings by ${Field}.`);
    }
  }
  return [...findings].sort((a, b) => {
    for (const { Field, SortOrder } of criteria) {
      const x = sortKey(a, Field);
      const y = sortKey(b, Field);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return SortOrder === 'desc' ? -order : order;
    }
    return 0;
  });
}
