export { AsffFinding, asffControlId } from './asff-finding.ts';
export {
  NormalizeContext,
  Partition,
  partitionOf,
  type ResolvedContext,
  resolveContext,
} from './context.ts';
export { DirectRequest, normalizeDirect } from './direct-request.ts';
export {
  AsffImportedEvent,
  CUSTOM_ACTION_ARN_PATTERN,
  CustomActionEvent,
  OcsfImportedEvent,
} from './events.ts';
export { findingRefOf } from './finding-ref.ts';
export { canonicalModelArn, type ModelArnParts, parseModelArn } from './model-arn.ts';
export {
  findingRefsOf,
  type NormalizedFindings,
  normalizeEvent,
  normalizeEventAll,
  type RejectedFinding,
} from './normalize-event.ts';
export { OcsfFinding, ocsfControlId } from './ocsf-finding.ts';
