import { FindingRejectedError, UnsupportedEventError } from '../errors.ts';
import { SM5_CONTROL_ID } from '../event-patterns.ts';
import { NonEmptyString } from '../names.ts';
import type { RemediationRequest } from '../request.ts';
import * as z from '../zod.ts';
import { buildRequest } from './build-request.ts';
import { checkScope } from './check-scope.ts';
import type { ResolvedContext } from './context.ts';
import { describeIssues } from './describe-issues.ts';

/**
 * An ASFF finding, as much of it as sm5 reads. Loose: AWS adds fields. The statuses are plain strings, not
 * enums, so that an unexpected value is rejected by the rules below with a message that names it.
 */
export const AsffFinding = z.looseObject({
  Id: NonEmptyString,
  ProductArn: NonEmptyString,
  GeneratorId: z.optional(z.string()),
  AwsAccountId: z.string(),
  Region: z.string(),
  Compliance: z.optional(
    z.looseObject({ Status: z.optional(z.string()), SecurityControlId: z.optional(z.string()) }),
  ),
  ProductFields: z.optional(z.record(z.string(), z.unknown())),
  Workflow: z.optional(z.looseObject({ Status: z.optional(z.string()) })),
  RecordState: z.optional(z.string()),
  Resources: z.array(z.looseObject({ Id: z.string() })),
});
export type AsffFinding = z.infer<typeof AsffFinding>;

/**
 * Consolidated and recent legacy findings carry Compliance.SecurityControlId. Older legacy (per-standard)
 * findings may lack it: they name the control in ProductFields.ControlId, and their GeneratorId ends in it
 * (`aws-foundational-security-best-practices/v/1.0.0/SageMaker.5`, `security-control/SageMaker.5`).
 */
export function asffControlId(finding: AsffFinding): string | undefined {
  const fromCompliance = finding.Compliance?.SecurityControlId;
  if (fromCompliance !== undefined) return fromCompliance;
  const fromProductFields = finding.ProductFields?.ControlId;
  if (typeof fromProductFields === 'string') return fromProductFields;
  return finding.GeneratorId?.split('/').at(-1) || undefined;
}

function checkRules(finding: AsffFinding, trigger: 'auto' | 'custom-action'): void {
  const subject = `finding ${finding.Id}`;
  const control = asffControlId(finding);
  if (control !== SM5_CONTROL_ID) {
    throw new FindingRejectedError(
      'not-sagemaker-5',
      control === undefined
        ? `${subject} names no control (no Compliance.SecurityControlId, ProductFields.ControlId or GeneratorId), so it is not a ${SM5_CONTROL_ID} finding`
        : `${subject} is for control ${control}, not ${SM5_CONTROL_ID}`,
    );
  }
  const compliance = finding.Compliance?.Status;
  if (compliance !== 'FAILED') {
    throw new FindingRejectedError(
      'not-failed',
      `${subject} has compliance status ${compliance ?? '(none)'}, not FAILED: nothing says the model lacks network isolation`,
    );
  }
  if (finding.RecordState !== 'ACTIVE') {
    throw new FindingRejectedError(
      'not-active',
      `${subject} has record state ${finding.RecordState ?? '(none)'}, not ACTIVE: Security Hub no longer tracks it (the model may be gone)`,
    );
  }
  const workflow = finding.Workflow?.Status;
  // SUPPRESSED is a recorded decision that no action is needed; even an explicit custom action must not
  // override it silently: whoever wants the fix unsuppresses the finding first.
  if (workflow === 'SUPPRESSED') {
    throw new FindingRejectedError(
      'suppressed',
      `${subject} is SUPPRESSED: someone decided it needs no action`,
    );
  }
  // A custom action is a person asking for this finding now, whatever its workflow status; an automatic run
  // acts only on NEW, because sm5 sets NOTIFIED when it starts and each update emits another Imported event.
  if (trigger === 'auto' && workflow !== 'NEW') {
    throw new FindingRejectedError(
      'not-new',
      `${subject} has workflow status ${workflow ?? '(none)'}, not NEW: automatic runs act only on new findings (use the custom action or \`sm5 start\` to remediate it anyway)`,
    );
  }
}

/** One ASFF finding to a request, or FindingRejectedError / UnsupportedEventError saying why not. */
export function normalizeAsffFinding(
  raw: unknown,
  path: string,
  ctx: ResolvedContext,
  trigger: 'auto' | 'custom-action',
): RemediationRequest {
  const parsed = AsffFinding.safeParse(raw);
  if (!parsed.success) {
    throw new UnsupportedEventError(
      `not an ASFF finding sm5 can read: ${describeIssues(parsed.error, path)}`,
    );
  }
  const finding = parsed.data;
  checkRules(finding, trigger);
  const arn = checkScope(
    {
      subject: `finding ${finding.Id}`,
      accountId: finding.AwsAccountId,
      region: finding.Region,
      // A SageMaker.5 finding is about exactly one model, Resources[0].
      resource: finding.Resources[0]?.Id,
    },
    ctx,
  );
  return buildRequest({ api: 'asff', id: finding.Id, productArn: finding.ProductArn }, arn, ctx, trigger);
}
