/** Planning: discovery of what serves a model, the verdict rules, and the plan (the audit record). */
export {
  DEFAULT_DISCOVERY_CONCURRENCY,
  type DiscoveryOptions,
  discoverServingMap,
  type EndpointView,
  isConfigInUse,
  isModelInUse,
  type ServingMap,
  servedByOf,
} from './discover-serving-map.ts';
export {
  isTransitional,
  isUnrecoverable,
  TRANSITIONAL_STATUSES,
  UNRECOVERABLE_STATUSES,
} from './endpoint-status.ts';
export { createLimiter, type Limiter } from './limiter.ts';
export { findingIdOf, MAX_PLAN_BYTES, makePlan, type PlanOptions } from './make-plan.ts';
export { type DescribedModel, resolveModel } from './resolve-model.ts';
export {
  Plan,
  PlanClone,
  PlanEndpoint,
  PlannedResources,
  PlanRisk,
  PlanVariant,
  ServedBy,
  ServingKind,
  Verdict,
} from './schema.ts';
export { decideVerdict, exemptionOf, type VerdictDecision, type VerdictFacts } from './verdict.ts';
