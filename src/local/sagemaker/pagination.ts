/**
 * List pagination as SageMaker does it: MaxResults (default 10), an opaque NextToken, SortBy/SortOrder
 * (default CreationTime, Descending). Tokens are keyset cursors (the sort key of the last item returned),
 * so resources created or deleted between pages neither repeat nor push others out of the listing.
 * A token only works with the parameters it was issued for.
 */
import { createHash } from 'node:crypto';
import { invalidNextToken } from './messages.ts';

export interface Listed {
  readonly name: string;
  readonly seq: number;
}

export interface PageRequest {
  readonly SortBy?: string | undefined;
  readonly SortOrder?: 'Ascending' | 'Descending' | undefined;
  readonly NextToken?: string | undefined;
  readonly MaxResults?: number | undefined;
}

export interface Page<R> {
  readonly items: R[];
  readonly nextToken: string | undefined;
}

type SortValue = string | number;

interface Cursor {
  readonly op: string;
  readonly fp: string;
  readonly v: SortValue;
  readonly s: number;
}

function compare(a: SortValue, b: SortValue): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function fingerprint(operation: string, request: PageRequest, filters: unknown): string {
  const { SortBy, SortOrder } = request;
  return createHash('sha256')
    .update(JSON.stringify([operation, SortBy ?? null, SortOrder ?? null, filters]))
    .digest('base64url')
    .slice(0, 16);
}

function decode(token: string): Cursor | undefined {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) return undefined;
    const op: unknown = Reflect.get(parsed, 'op');
    const fp: unknown = Reflect.get(parsed, 'fp');
    const v: unknown = Reflect.get(parsed, 'v');
    const s: unknown = Reflect.get(parsed, 's');
    if (typeof op !== 'string' || typeof fp !== 'string' || typeof s !== 'number') return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') return undefined;
    return { op, fp, v, s };
  } catch {
    return undefined;
  }
}

export function paginate<R extends Listed>(
  records: Iterable<R>,
  request: PageRequest,
  options: {
    readonly operation: string;
    /** Every filter of the request, so a token cannot be replayed with other filters. */
    readonly filters: unknown;
    readonly sortValue: (record: R, sortBy: string) => SortValue;
    readonly defaultMaxResults?: number;
  },
): Page<R> {
  const sortBy = request.SortBy ?? 'CreationTime';
  const direction = (request.SortOrder ?? 'Descending') === 'Ascending' ? 1 : -1;
  const key = (r: R): [SortValue, number] => [options.sortValue(r, sortBy), r.seq];
  const order = (a: [SortValue, number], b: [SortValue, number]): number =>
    direction * (compare(a[0], b[0]) || a[1] - b[1]);
  const sorted = [...records].sort((a, b) => order(key(a), key(b)));

  const fp = fingerprint(options.operation, request, options.filters);
  let start = 0;
  if (request.NextToken !== undefined && request.NextToken !== '') {
    const cursor = decode(request.NextToken);
    if (cursor === undefined || cursor.op !== options.operation || cursor.fp !== fp) throw invalidNextToken();
    const after: [SortValue, number] = [cursor.v, cursor.s];
    start = sorted.findIndex((r) => order(key(r), after) > 0);
    if (start === -1) start = sorted.length;
  }
  const max = request.MaxResults ?? options.defaultMaxResults ?? 10;
  const items = sorted.slice(start, start + max);
  const last = items.at(-1);
  if (last === undefined || start + max >= sorted.length) return { items, nextToken: undefined };
  const [v, s] = key(last);
  const cursor: Cursor = { op: options.operation, fp, v, s };
  return { items, nextToken: Buffer.from(JSON.stringify(cursor)).toString('base64url') };
}

/** Time filters are exclusive bounds, in epoch milliseconds. */
export function withinTimes(time: number, before: number | undefined, after: number | undefined): boolean {
  return (before === undefined || time < before) && (after === undefined || time > after);
}

export function nameContains(name: string, fragment: string | undefined): boolean {
  // Case-sensitive: no public source says otherwise, and a sandbox stricter than the service is the
  // safer error (code relying on case-insensitive matching would fail here, not in production).
  return fragment === undefined || name.includes(fragment);
}
