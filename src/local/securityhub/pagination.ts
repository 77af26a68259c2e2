/**
 * NextToken for GetFindings(V2): opaque to clients, and bound to the query that produced it, so a token
 * replayed with other filters or sort criteria is refused instead of silently skipping findings.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { ServiceError } from '../service.ts';
import type { ErrorCode } from './requests.ts';

const Token = z.object({ offset: z.number().int().min(0), query: z.string() });

function fingerprint(query: unknown): string {
  return createHash('sha256').update(JSON.stringify(query)).digest('base64url').slice(0, 16);
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly nextToken?: string;
}

/** The page of `items` that `token` (or the start) points at, for the query described by `query`. */
export function paginate<T>(
  items: readonly T[],
  options: { token: string | undefined; maxResults: number; query: unknown; code: ErrorCode },
): Page<T> {
  const query = fingerprint(options.query);
  let offset = 0;
  if (options.token !== undefined) {
    const invalid = new ServiceError(options.code, 'The NextToken is not valid for this request.');
    let decoded: z.infer<typeof Token> | undefined;
    try {
      decoded = Token.safeParse(JSON.parse(Buffer.from(options.token, 'base64url').toString('utf8'))).data;
    } catch {
      throw invalid;
    }
    if (decoded === undefined) throw invalid;
    if (decoded.query !== query) throw invalid;
    offset = decoded.offset;
  }
  const end = offset + options.maxResults;
  const page = items.slice(offset, end);
  if (end >= items.length) return { items: page };
  const nextToken = Buffer.from(JSON.stringify({ offset: end, query }), 'utf8').toString('base64url');
  return { items: page, nextToken };
}
