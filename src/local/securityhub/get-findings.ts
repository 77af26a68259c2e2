/**
 * GetFindings (ASFF) and GetFindingsV2 (OCSF). Like the real API, GetFindings returns every finding the
 * filters let through, ARCHIVED ones included (the console's "active only" is a default filter, not the
 * API's). Without SortCriteria findings come in import order, so pages are stable.
 */
import { asffFilter, sortAsff } from './asff-filters.ts';
import type { SecurityHubContext } from './batch-update.ts';
import { ocsfFilter, sortOcsf } from './ocsf-filters.ts';
import { paginate } from './pagination.ts';
import { GetFindingsRequest, GetFindingsV2Request, parseRequest } from './requests.ts';
import type { AsffFinding, StoredOcsfFinding } from './seed.ts';

export interface GetFindingsOutput {
  Findings: AsffFinding[];
  NextToken?: string;
}

export function getFindings(ctx: SecurityHubContext, body: string): GetFindingsOutput {
  const request = parseRequest(GetFindingsRequest, body, 'InvalidInputException');
  const keep = asffFilter(request.Filters);
  const matching = ctx.state
    .asffFindings()
    .map((r) => r.finding)
    .filter(keep);
  const sorted = sortAsff(matching, request.SortCriteria ?? []);
  const page = paginate(sorted, {
    token: request.NextToken,
    maxResults: request.MaxResults,
    query: { op: 'GetFindings', filters: request.Filters ?? {}, sort: request.SortCriteria ?? [] },
    code: 'InvalidInputException',
  });
  return {
    Findings: page.items.map((f) => structuredClone(f)),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}

export interface GetFindingsV2Output {
  Findings: StoredOcsfFinding[];
  NextToken?: string;
}

export function getFindingsV2(ctx: SecurityHubContext, body: string): GetFindingsV2Output {
  const request = parseRequest(GetFindingsV2Request, body, 'ValidationException');
  const keep = ocsfFilter(request.Filters);
  const matching = ctx.state
    .ocsfFindings()
    .map((r) => r.finding)
    .filter((f) => keep(f));
  const sorted = sortOcsf(matching, request.SortCriteria);
  const page = paginate(sorted, {
    token: request.NextToken,
    maxResults: request.MaxResults,
    query: { op: 'GetFindingsV2', filters: request.Filters ?? {}, sort: request.SortCriteria ?? [] },
    code: 'ValidationException',
  });
  return {
    Findings: page.items.map((f) => structuredClone(f)),
    ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
  };
}
