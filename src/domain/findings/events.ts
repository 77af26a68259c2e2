import { DETAIL_TYPE, SECURITY_HUB_SOURCE } from '../event-patterns.ts';
import * as z from '../zod.ts';
import { AsffFinding } from './asff-finding.ts';
import { OcsfFinding } from './ocsf-finding.ts';

/** `resources[0]` of a custom action event: the ARN of the action target the user picked. */
export const CUSTOM_ACTION_ARN_PATTERN =
  /^arn:[a-z-]+:securityhub:[a-z0-9-]+:\d{12}:action\/custom\/[A-Za-z0-9]+$/;

/** What every EventBridge event has; enough to tell which of ours, if any, it is. */
export const EventEnvelope = z.looseObject({ source: z.string(), 'detail-type': z.string() });

function importedEvent<F extends z.core.$ZodType>(finding: F) {
  return z.looseObject({
    source: z.literal(SECURITY_HUB_SOURCE),
    'detail-type': z.literal(DETAIL_TYPE.imported),
    detail: z.looseObject({ findings: z.array(finding) }),
  });
}

function customActionEvent<F extends z.core.$ZodType>(finding: F) {
  return z.looseObject({
    source: z.literal(SECURITY_HUB_SOURCE),
    'detail-type': z.literal(DETAIL_TYPE.customAction),
    resources: z.tuple(
      [z.string().check(z.regex(CUSTOM_ACTION_ARN_PATTERN, 'not a custom action ARN'))],
      z.string(),
    ),
    detail: z.looseObject({
      actionName: z.string(),
      actionDescription: z.optional(z.string()),
      findings: z.array(finding),
    }),
  });
}

function importedV2Event<F extends z.core.$ZodType>(finding: F) {
  return z.looseObject({
    source: z.literal(SECURITY_HUB_SOURCE),
    'detail-type': z.literal(DETAIL_TYPE.importedV2),
    detail: z.looseObject({ findings: z.array(finding) }),
  });
}

/** "Security Hub Findings - Imported": one ASFF finding, consolidated or legacy. */
export const AsffImportedEvent = importedEvent(AsffFinding);
export type AsffImportedEvent = z.infer<typeof AsffImportedEvent>;
/** "Security Hub Findings - Custom Action": the findings a user selected, and the action's ARN. */
export const CustomActionEvent = customActionEvent(AsffFinding);
export type CustomActionEvent = z.infer<typeof CustomActionEvent>;
/** "Findings Imported V2": one OCSF finding from the newer Security Hub. */
export const OcsfImportedEvent = importedV2Event(OcsfFinding);
export type OcsfImportedEvent = z.infer<typeof OcsfImportedEvent>;

/**
 * The same envelopes with each finding left unparsed, so that one malformed finding in a custom action
 * rejects that finding, not the whole selection.
 */
export const EnvelopeOf = {
  [DETAIL_TYPE.imported]: importedEvent(z.unknown()),
  [DETAIL_TYPE.customAction]: customActionEvent(z.unknown()),
  [DETAIL_TYPE.importedV2]: importedV2Event(z.unknown()),
} as const;
