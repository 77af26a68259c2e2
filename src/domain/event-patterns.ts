/**
 * The EventBridge contract with Security Hub, defined once: the CDK stack deploys these patterns, the
 * sandbox routes events with them (through `matchesPattern`), and normalisation reads the same constants.
 * Patterns are in EventBridge's own JSON form (`detail-type`, not CDK's `detailType`), so they can go
 * verbatim into `AWS::Events::Rule.EventPattern`.
 */
import type { EventPattern } from './pattern-match.ts';

export const SECURITY_HUB_SOURCE = 'aws.securityhub';
export const SM5_CONTROL_ID = 'SageMaker.5';

export const DETAIL_TYPE = {
  imported: 'Security Hub Findings - Imported',
  customAction: 'Security Hub Findings - Custom Action',
  importedV2: 'Findings Imported V2',
} as const;

/** `AWS::SecurityHub::ActionTarget` Id: up to 20 letters and digits. */
export const CUSTOM_ACTION_ID = 'Sm5Remediate';
/** Shown in the console's Actions menu; Security Hub requires it to be under 20 characters. */
export const CUSTOM_ACTION_NAME = 'sm5 remediate';
export const CUSTOM_ACTION_DESCRIPTION = 'Clone the model with network isolation and switch its endpoints';

/** The ARN Security Hub gives the action target, and puts in the custom action event's `resources[0]`. */
export function customActionArn(partition: string, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:action/custom/${CUSTOM_ACTION_ID}`;
}

/**
 * The account and region a deployment works in. Its finding rules match only findings about them: an
 * administrator or aggregation account also receives its member accounts' and linked regions' findings,
 * which sm5 there can neither see nor fix. Without the filter, each would start a run that Normalize
 * rejects (FindingRejectedError `wrong-account` / `wrong-region`) and that ends FAILED, setting off the
 * failure alarm. Normalize still checks both, for the custom action and for anything sent by hand.
 */
export interface DeploymentScope {
  readonly account: string;
  readonly region: string;
}

/**
 * Consolidated and legacy ASFF findings both carry `Compliance.SecurityControlId`. `Workflow.Status NEW`
 * matters: every BatchUpdateFindings emits a new Imported event, and a run marks its finding NOTIFIED, so
 * without this filter the pipeline would trigger itself.
 */
export function asffImportedPattern(scope: DeploymentScope) {
  return {
    source: [SECURITY_HUB_SOURCE],
    'detail-type': [DETAIL_TYPE.imported],
    detail: {
      findings: {
        AwsAccountId: [scope.account],
        Region: [scope.region],
        Compliance: { SecurityControlId: [SM5_CONTROL_ID], Status: ['FAILED'] },
        RecordState: ['ACTIVE'],
        Workflow: { Status: ['NEW'] },
      },
    },
  } as const satisfies EventPattern;
}

/**
 * OCSF: `status_id` 1 is New (the counterpart of Workflow.Status NEW, for the same self-trigger reason).
 * Security Hub treats a finding whose activity is Close (activity_id 3) as closed, the counterpart of
 * RecordState ARCHIVED. activity_id is a required OCSF attribute, so `anything-but` (which needs the field
 * present) does not drop well-formed events. `findings` and `resources` are arrays: EventBridge matches a
 * nested key on an array when any element matches, and our matcher does the same.
 */
export function ocsfImportedPattern(scope: DeploymentScope) {
  return {
    source: [SECURITY_HUB_SOURCE],
    'detail-type': [DETAIL_TYPE.importedV2],
    detail: {
      findings: {
        cloud: { account: { uid: [scope.account] }, region: [scope.region] },
        compliance: { control: [SM5_CONTROL_ID], status: ['Fail'] },
        status_id: [1],
        activity_id: [{ 'anything-but': [3] }],
      },
    },
  } as const satisfies EventPattern;
}

/**
 * Deliberately no filter on the findings: a user who runs the action on the wrong finding gets a run that
 * fails at Normalize with a FindingRejectedError saying why (in the history and the failure notice),
 * instead of silence.
 */
export function customActionPattern(actionArn: string): EventPattern {
  return {
    source: [SECURITY_HUB_SOURCE],
    'detail-type': [DETAIL_TYPE.customAction],
    resources: [actionArn],
  };
}
