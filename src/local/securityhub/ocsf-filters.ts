/**
 * GetFindingsV2's composite filters over OCSF findings. A FieldName is an OCSF path (`finding_info.uid`,
 * `resources.uid`); a path through an array reads every element, and a filter matches when any value does.
 * Inside a composite filter the filters are joined by its Operator (default AND), composites by
 * CompositeOperator (default AND).
 */
import { isRecord } from '../service.ts';
import { matchesStringFilters } from './asff-filters.ts';
import type { CompositeFilter, GetFindingsV2Request } from './requests.ts';

export function valuesAt(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const key of path.split('.')) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .flatMap((v) => (isRecord(v) && Object.hasOwn(v, key) ? [v[key]] : []));
  }
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

type Predicate = (finding: unknown) => boolean;

function combine(checks: readonly Predicate[], operator: 'AND' | 'OR' | undefined): Predicate {
  if (checks.length === 0) return () => true;
  return operator === 'OR'
    ? (finding) => checks.some((check) => check(finding))
    : (finding) => checks.every((check) => check(finding));
}

function compositePredicate(filter: CompositeFilter): Predicate {
  const checks: Predicate[] = [];
  for (const { FieldName, Filter } of filter.StringFilters ?? []) {
    checks.push((finding) =>
      matchesStringFilters(
        valuesAt(finding, FieldName).filter((v): v is string => typeof v === 'string'),
        [Filter],
      ),
    );
  }
  for (const { FieldName, Filter } of filter.NumberFilters ?? []) {
    checks.push((finding) =>
      valuesAt(finding, FieldName).some(
        (v) =>
          typeof v === 'number' &&
          (Filter.Eq === undefined || v === Filter.Eq) &&
          (Filter.Gt === undefined || v > Filter.Gt) &&
          (Filter.Gte === undefined || v >= Filter.Gte) &&
          (Filter.Lt === undefined || v < Filter.Lt) &&
          (Filter.Lte === undefined || v <= Filter.Lte),
      ),
    );
  }
  for (const { FieldName, Filter } of filter.BooleanFilters ?? []) {
    checks.push((finding) => valuesAt(finding, FieldName).some((v) => v === Filter.Value));
  }
  for (const nested of filter.NestedCompositeFilters ?? []) checks.push(compositePredicate(nested));
  return combine(checks, filter.Operator);
}

export function ocsfFilter(filters: GetFindingsV2Request['Filters']): Predicate {
  return combine((filters?.CompositeFilters ?? []).map(compositePredicate), filters?.CompositeOperator);
}

/** Sorted copy by OCSF paths; strings and numbers compare naturally, missing values go last. */
export function sortOcsf<T>(findings: readonly T[], criteria: GetFindingsV2Request['SortCriteria']): T[] {
  const key = (finding: T, field: string): string | number | undefined => {
    const first = valuesAt(finding, field)[0];
    return typeof first === 'string' || typeof first === 'number' ? first : undefined;
  };
  return [...findings].sort((a, b) => {
    for (const { Field, SortOrder } of criteria ?? []) {
      const x = key(a, Field);
      const y = key(b, Field);
      if (x === y) continue;
      if (x === undefined) return 1;
      if (y === undefined) return -1;
      const order = x < y ? -1 : 1;
      return SortOrder === 'desc' ? -order : order;
    }
    return 0;
  });
}
