/**
 * The approval contract between the workflow's RequestApproval task and `sm5 approve` / `sm5 reject`.
 * Approve: SendTaskSuccess with an ApprovalAnswer as output. Reject: SendTaskFailure with error
 * `ApprovalRejectedError` and an ApprovalRejection (JSON) as cause. Both land in the execution history, which
 * is the audit trail of who decided what.
 */
import { ApprovalRejectedError } from '../errors.ts';
import { NonEmptyString } from '../names.ts';
import * as z from '../zod.ts';

export const APPROVAL_REJECTED_ERROR = new ApprovalRejectedError('probe').name;

export const ApprovalAnswer = z.strictObject({
  approved: z.literal(true),
  /** The approver's identity, e.g. the STS caller ARN. */
  approver: z.string().check(z.minLength(1), z.maxLength(512)),
  comment: z.nullable(z.string().check(z.maxLength(4096))),
});
export type ApprovalAnswer = z.infer<typeof ApprovalAnswer>;

export const ApprovalRejection = z.strictObject({
  approver: z.string().check(z.minLength(1), z.maxLength(512)),
  reason: z.string().check(z.minLength(1), z.maxLength(4096)),
});
export type ApprovalRejection = z.infer<typeof ApprovalRejection>;

/** SendTaskFailure's `error` and `cause` for a rejection. */
export function rejectionFailure(rejection: ApprovalRejection): { error: string; cause: string } {
  return { error: APPROVAL_REJECTED_ERROR, cause: JSON.stringify(ApprovalRejection.parse(rejection)) };
}

/** What the approval request (the SNS message) says; `taskToken` answers it. */
export const ApprovalRequestMessage = z.looseObject({
  kind: z.literal('approval-request'),
  execution: NonEmptyString,
  model: NonEmptyString,
  taskToken: NonEmptyString,
});
export type ApprovalRequestMessage = z.infer<typeof ApprovalRequestMessage>;
