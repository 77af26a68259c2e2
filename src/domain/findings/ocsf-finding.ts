import { FindingRejectedError, UnsupportedEventError } from '../errors.ts';
import { SM5_CONTROL_ID } from '../event-patterns.ts';
import { NonEmptyString } from '../names.ts';
import type { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { buildRequest } from './build-request.ts';
import { checkScope } from './check-scope.ts';
import type { ResolvedContext } from './context.ts';
import { describeIssues } from './describe-issues.ts';

/** An OCSF Compliance Finding from the newer Security Hub, as much of it as sm5 reads. Loose. */
export const OcsfFinding = z.looseObject({
  finding_info: z.looseObject({ uid: NonEmptyString }),
  metadata: z.looseObject({ product: z.looseObject({ uid: NonEmptyString }) }),
  cloud: z.looseObject({ account: z.looseObject({ uid: z.string() }), region: z.string() }),
  compliance: z.optional(
    z.looseObject({
      control: z.optional(z.string()),
      status: z.optional(z.string()),
      status_id: z.optional(z.number()),
    }),
  ),
  status_id: z.optional(z.number()),
  status: z.optional(z.string()),
  activity_id: z.optional(z.number()),
  activity_name: z.optional(z.string()),
  resources: z.optional(
    z.array(z.looseObject({ uid: z.optional(z.string()), uid_alt: z.optional(z.string()) })),
  ),
});
export type OcsfFinding = z.infer<typeof OcsfFinding>;

/** OCSF finding status ids; Security Hub documents 1 and 4, the others are OCSF's. */
const STATUS = { new: 1, inProgress: 2, suppressed: 3, resolved: 4 } as const;
const STATUS_BY_LABEL = new Map<string, number>([
  ['New', STATUS.new],
  ['In Progress', STATUS.inProgress],
  ['Suppressed', STATUS.suppressed],
  ['Resolved', STATUS.resolved],
]);
/** OCSF compliance status id 3 is Fail (1 Pass, 2 Warning). */
const COMPLIANCE_FAIL_ID = 3;
/** OCSF activity id 3 is Close: Security Hub treats such findings as closed, its RecordState ARCHIVED. */
const ACTIVITY_CLOSE_ID = 3;

export function ocsfControlId(finding: OcsfFinding): string | undefined {
  if (finding.compliance?.control !== undefined) return finding.compliance.control;
  // The uid of a control finding is `arn:...:security-control/<control>/finding/<uuid>`.
  return /:security-control\/([^/]+)\/finding\//.exec(finding.finding_info.uid)?.[1];
}

function complianceStatus(finding: OcsfFinding): string | undefined {
  const { status, status_id } = finding.compliance ?? {};
  if (status !== undefined) return status;
  return status_id === COMPLIANCE_FAIL_ID ? 'Fail' : status_id?.toString();
}

function statusId(finding: OcsfFinding): number | undefined {
  if (finding.status_id !== undefined) return finding.status_id;
  return finding.status === undefined ? undefined : STATUS_BY_LABEL.get(finding.status);
}

function describeStatus(finding: OcsfFinding): string {
  if (finding.status_id === undefined && finding.status === undefined) return '(none)';
  return `${finding.status ?? '?'} (status_id ${finding.status_id ?? '?'})`;
}

function checkRules(finding: OcsfFinding): void {
  const subject = `finding ${finding.finding_info.uid}`;
  const control = ocsfControlId(finding);
  if (control !== SM5_CONTROL_ID) {
    throw new FindingRejectedError(
      'not-sagemaker-5',
      control === undefined
        ? `${subject} names no control (no compliance.control), so it is not a ${SM5_CONTROL_ID} finding`
        : `${subject} is for control ${control}, not ${SM5_CONTROL_ID}`,
    );
  }
  const compliance = complianceStatus(finding);
  if (compliance !== 'Fail') {
    throw new FindingRejectedError(
      'not-failed',
      `${subject} has compliance status ${compliance ?? '(none)'}, not Fail: nothing says the model lacks network isolation`,
    );
  }
  if (finding.activity_id === ACTIVITY_CLOSE_ID || finding.activity_name === 'Close') {
    throw new FindingRejectedError(
      'not-active',
      `${subject} is closed (activity Close): Security Hub no longer tracks it (the model may be gone)`,
    );
  }
  const status = statusId(finding);
  if (status === STATUS.resolved) {
    throw new FindingRejectedError('not-active', `${subject} is Resolved (status_id 4), not open`);
  }
  if (status === STATUS.suppressed) {
    throw new FindingRejectedError(
      'suppressed',
      `${subject} is Suppressed (status_id 3): someone decided it needs no action`,
    );
  }
  // OCSF findings arrive only through the automatic rule (custom actions carry ASFF), and sm5 moves a finding
  // out of New when it starts: acting on anything else would let each update re-trigger the pipeline.
  if (status !== STATUS.new) {
    throw new FindingRejectedError(
      'not-new',
      `${subject} has status ${describeStatus(finding)}, not New: automatic runs act only on new findings (use \`sm5 start\` to remediate it anyway)`,
    );
  }
}

/** The model's ARN: `uid_alt` usually holds it while `uid` may be the bare name. */
function resourceArn(finding: OcsfFinding): string | undefined {
  const resource = finding.resources?.[0];
  if (resource === undefined) return undefined;
  const candidates = [resource.uid_alt, resource.uid];
  return candidates.find((value) => value?.startsWith('arn:')) ?? resource.uid_alt ?? resource.uid;
}

/** One OCSF finding to a request, or FindingRejectedError / UnsupportedEventError saying why not. */
export function normalizeOcsfFinding(raw: unknown, path: string, ctx: ResolvedContext): RemediationRequest {
  const parsed = OcsfFinding.safeParse(raw);
  if (!parsed.success) {
    throw new UnsupportedEventError(
      `not an OCSF finding sm5 can read: ${describeIssues(parsed.error, path)}`,
    );
  }
  const finding = parsed.data;
  checkRules(finding);
  const arn = checkScope(
    {
      subject: `finding ${finding.finding_info.uid}`,
      accountId: finding.cloud.account.uid,
      region: finding.cloud.region,
      resource: resourceArn(finding),
    },
    ctx,
  );
  const ref = {
    api: 'ocsf' as const,
    findingInfoUid: finding.finding_info.uid,
    cloudAccountUid: finding.cloud.account.uid,
    metadataProductUid: finding.metadata.product.uid,
  };
  return buildRequest(ref, arn, ctx, 'auto');
}
