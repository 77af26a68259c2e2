/**
 * The request shapes of the Security Hub operations the sandbox serves, with the limits the API reference
 * gives. The classic API (BatchUpdateFindings, GetFindings) reports bad input as InvalidInputException, the
 * V2 API as ValidationException; both name the member at fault.
 */
import * as z from 'zod';
import { isRecord, ServiceError } from '../service.ts';

export type ErrorCode = 'InvalidInputException' | 'ValidationException';

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of path) {
    out += typeof segment === 'number' ? `[${segment}]` : `${out === '' ? '' : '.'}${String(segment)}`;
  }
  return out;
}

/** The body as JSON (an empty body is `{}`), then the schema; any problem is a 400 with `code`. */
export function parseRequest<T extends z.ZodType>(schema: T, body: string, code: ErrorCode): z.output<T> {
  let raw: unknown = {};
  if (body.trim() !== '') {
    try {
      raw = JSON.parse(body);
    } catch {
      throw new ServiceError(code, 'The request body is not valid JSON.');
    }
  }
  if (!isRecord(raw)) throw new ServiceError(code, 'The request body must be a JSON object.');
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const where = formatPath(issue.path);
    return where === '' ? issue.message : `${where}: ${issue.message}`;
  });
  throw new ServiceError(code, `Invalid request: ${problems.join('; ')}`);
}

const Text512 = z.string().min(1).max(512);

export const WorkflowStatus = z.enum(['NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED']);
export type WorkflowStatus = z.infer<typeof WorkflowStatus>;

export const SeverityLabel = z.enum(['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']);
export type SeverityLabel = z.infer<typeof SeverityLabel>;

export const AsffIdentifier = z.object({ Id: Text512, ProductArn: Text512 });
export type AsffIdentifier = z.infer<typeof AsffIdentifier>;

const Percent = z.number().int().min(0).max(100);

/** Every member BatchUpdateFindings accepts besides FindingIdentifiers. */
const ASFF_UPDATE_MEMBERS = [
  'Note',
  'Severity',
  'VerificationState',
  'Confidence',
  'Criticality',
  'Types',
  'UserDefinedFields',
  'Workflow',
  'RelatedFindings',
] as const;

export const BatchUpdateFindingsRequest = z
  .object({
    FindingIdentifiers: z.array(AsffIdentifier).min(1).max(100),
    Note: z.object({ Text: Text512, UpdatedBy: Text512 }).optional(),
    Severity: z
      .object({
        Label: SeverityLabel.optional(),
        Normalized: Percent.optional(),
        Product: z.number().optional(),
      })
      .optional(),
    VerificationState: z.enum(['UNKNOWN', 'TRUE_POSITIVE', 'FALSE_POSITIVE', 'BENIGN_POSITIVE']).optional(),
    Confidence: Percent.optional(),
    Criticality: Percent.optional(),
    Types: z.array(z.string().min(1).max(128)).max(50).optional(),
    UserDefinedFields: z.record(z.string().min(1), z.string()).optional(),
    Workflow: z.object({ Status: WorkflowStatus.optional() }).optional(),
    RelatedFindings: z.array(AsffIdentifier).max(10).optional(),
  })
  // Unverified against the service; a request that changes nothing is surely a caller's bug, so say so.
  .refine((r) => ASFF_UPDATE_MEMBERS.some((m) => r[m] !== undefined), {
    message: `nothing to update: give at least one of ${ASFF_UPDATE_MEMBERS.join(', ')}`,
  });
export type BatchUpdateFindingsRequest = z.infer<typeof BatchUpdateFindingsRequest>;

export const OcsfIdentifier = z.object({
  CloudAccountUid: z.string().min(1),
  FindingInfoUid: z.string().min(1),
  MetadataProductUid: z.string().min(1),
});
export type OcsfIdentifier = z.infer<typeof OcsfIdentifier>;

const oneOf = <const T extends readonly number[]>(values: T, what: string) =>
  z
    .number()
    .int()
    .refine((n) => values.includes(n), `${what} must be one of ${values.join(', ')}`);

export const OCSF_STATUS_IDS = [0, 1, 2, 3, 4, 5, 99] as const;
export const OCSF_SEVERITY_IDS = [0, 1, 2, 3, 4, 5, 6, 99] as const;

export const BatchUpdateFindingsV2Request = z
  .object({
    MetadataUids: z.array(z.string().min(1)).min(1).max(100).optional(),
    FindingIdentifiers: z.array(OcsfIdentifier).min(1).max(100).optional(),
    Comment: Text512.optional(),
    SeverityId: oneOf(OCSF_SEVERITY_IDS, 'SeverityId').optional(),
    StatusId: oneOf(OCSF_STATUS_IDS, 'StatusId').optional(),
  })
  .refine((r) => (r.MetadataUids === undefined) !== (r.FindingIdentifiers === undefined), {
    message: 'give either MetadataUids or FindingIdentifiers, not both and not neither',
  })
  .refine((r) => r.Comment !== undefined || r.SeverityId !== undefined || r.StatusId !== undefined, {
    message: 'nothing to update: give at least one of Comment, SeverityId, StatusId',
  });
export type BatchUpdateFindingsV2Request = z.infer<typeof BatchUpdateFindingsV2Request>;

export const StringComparison = z.enum([
  'EQUALS',
  'PREFIX',
  'NOT_EQUALS',
  'PREFIX_NOT_EQUALS',
  'CONTAINS',
  'NOT_CONTAINS',
  'CONTAINS_WORD',
]);
export type StringComparison = z.infer<typeof StringComparison>;

export const StringFilter = z.object({ Value: z.string(), Comparison: StringComparison });
export type StringFilter = z.infer<typeof StringFilter>;

export const SortCriterion = z.object({
  Field: z.string().min(1),
  SortOrder: z.enum(['asc', 'desc']).default('asc'),
});
export type SortCriterion = z.infer<typeof SortCriterion>;

const MaxResults = z.number().int().min(1).max(100).default(100);

export const GetFindingsRequest = z.object({
  /** Checked member by member in asff-filters.ts: the API has over a hundred filter members. */
  Filters: z.record(z.string(), z.unknown()).optional(),
  SortCriteria: z.array(SortCriterion).optional(),
  NextToken: z.string().min(1).optional(),
  MaxResults,
});
export type GetFindingsRequest = z.infer<typeof GetFindingsRequest>;

const FieldName = z.string().min(1);
const Operator = z.enum(['AND', 'OR']);

export interface CompositeFilter {
  StringFilters?: { FieldName: string; Filter: StringFilter }[] | undefined;
  NumberFilters?:
    | {
        FieldName: string;
        Filter: {
          Eq?: number | undefined;
          Gt?: number | undefined;
          Gte?: number | undefined;
          Lt?: number | undefined;
          Lte?: number | undefined;
        };
      }[]
    | undefined;
  BooleanFilters?: { FieldName: string; Filter: { Value: boolean } }[] | undefined;
  NestedCompositeFilters?: CompositeFilter[] | undefined;
  Operator?: 'AND' | 'OR' | undefined;
}

const UNSUPPORTED_FILTER_TYPES = ['DateFilters', 'MapFilters', 'IpFilters'] as const;

/** Up to 20 filters of each type, as the API reference says. */
export const CompositeFilter: z.ZodType<CompositeFilter> = z
  .object({
    StringFilters: z
      .array(z.object({ FieldName, Filter: StringFilter }))
      .max(20)
      .optional(),
    NumberFilters: z
      .array(
        z.object({
          FieldName,
          Filter: z.object({
            Eq: z.number().optional(),
            Gt: z.number().optional(),
            Gte: z.number().optional(),
            Lt: z.number().optional(),
            Lte: z.number().optional(),
          }),
        }),
      )
      .max(20)
      .optional(),
    BooleanFilters: z
      .array(z.object({ FieldName, Filter: z.object({ Value: z.boolean() }) }))
      .max(20)
      .optional(),
    get NestedCompositeFilters() {
      return z.array(CompositeFilter).max(10).optional();
    },
    Operator: Operator.optional(),
    DateFilters: z.unknown().optional(),
    MapFilters: z.unknown().optional(),
    IpFilters: z.unknown().optional(),
  })
  .superRefine((filter, ctx) => {
    for (const member of UNSUPPORTED_FILTER_TYPES) {
      if (filter[member] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [member],
          message: 'the sandbox filters OCSF findings on strings, numbers and booleans only',
        });
      }
    }
  })
  .transform(({ DateFilters: _d, MapFilters: _m, IpFilters: _i, ...rest }) => rest);

export const GetFindingsV2Request = z.object({
  Filters: z
    .object({
      CompositeFilters: z.array(CompositeFilter).max(10).optional(),
      CompositeOperator: Operator.optional(),
    })
    .optional(),
  SortCriteria: z.array(SortCriterion).optional(),
  NextToken: z.string().min(1).optional(),
  MaxResults,
});
export type GetFindingsV2Request = z.infer<typeof GetFindingsV2Request>;
