/**
 * How the deployed workflow behaves, as the Normalize step receives it: the mode from the state machine's
 * definition (`${DefaultMode}`) or the execution input, the rest from the deployment's configuration
 * (`src/domain/config.ts`, handed to the Normalize Lambda as environment variables). Every later step reads
 * them from the state's `run`, so one execution keeps the settings it started with.
 */
import { DeploymentOptions } from '../builders/build-update-endpoint-input.ts';
import { DEFAULT_EXEMPT_TAG_KEY } from '../builders/lineage-tags.ts';
import type { RuntimeConfig } from '../config.ts';
import { RetireMode } from '../steps/retire.ts';
import * as z from '../zod.ts';

export { Mode } from '../mode.ts';

export const WorkflowSettings = z.strictObject({
  retireOriginal: z._default(RetireMode, 'delete'),
  /** How long a plan waits for `sm5 approve` before the run ends, changing nothing. */
  approvalTimeoutSeconds: z._default(z.int().check(z.gte(60), z.lte(2_592_000)), 86_400),
  /** How long one endpoint may take to reach InService on its new config. */
  deploymentTimeoutSeconds: z._default(z.int().check(z.gte(60), z.lte(86_400)), 7_200),
  exemptTagKey: z._default(z.string().check(z.minLength(1), z.maxLength(128)), DEFAULT_EXEMPT_TAG_KEY),
  deployment: z._default(z.nullable(DeploymentOptions), null),
});
export type WorkflowSettings = z.output<typeof WorkflowSettings>;
export type WorkflowSettingsInput = z.input<typeof WorkflowSettings>;

/** The deployment's configuration (validated by config.ts) as the workflow's settings. */
export function settingsFromConfig(
  config: Pick<
    RuntimeConfig,
    'retireOriginal' | 'approvalTimeout' | 'deploymentTimeout' | 'exemptTag' | 'deployment'
  >,
): WorkflowSettings {
  return WorkflowSettings.parse({
    retireOriginal: config.retireOriginal,
    approvalTimeoutSeconds: config.approvalTimeout,
    deploymentTimeoutSeconds: config.deploymentTimeout,
    exemptTagKey: config.exemptTag,
    deployment: config.deployment,
  });
}

/** The first wait between checks of an updating endpoint; each next one doubles, up to the cap. */
export const FIRST_CHECK_WAIT_SECONDS = 30;
export const MAX_CHECK_WAIT_SECONDS = 300;

/**
 * Locks outlive their run only when the run is stopped from outside (StopExecution); the lease bounds that.
 * It covers the approval wait and one deployment with room to spare; a run that somehow outlasts it is still
 * safe, because every step is idempotent and each endpoint has its own lock.
 */
export const LOCK_MARGIN_SECONDS = 3_600;

export function lockLeaseSeconds(
  settings: Pick<WorkflowSettings, 'approvalTimeoutSeconds' | 'deploymentTimeoutSeconds'>,
): number {
  return settings.approvalTimeoutSeconds + settings.deploymentTimeoutSeconds + LOCK_MARGIN_SECONDS;
}
