/** `sm5 audit`: every model's verdict at once, each config described once, paced per API operation. */
export { type AuditOptions, type AuditProgress, auditAccount } from './audit-account.ts';
export { type AuditSageMakerPort, governedSageMaker, type ModelPage } from './governed-sagemaker.ts';
export {
  createRateGovernor,
  type OperationStats,
  type RateGovernor,
  type RateGovernorOptions,
} from './rate-governor.ts';
export {
  AuditedEndpoint,
  AuditedModel,
  AuditReport,
  AuditSummary,
  OperationCalls,
} from './schema.ts';
