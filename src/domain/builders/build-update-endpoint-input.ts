/**
 * The UpdateEndpoint request that cuts an endpoint over to its new config. Variant names are unchanged in
 * the new config and `RetainAllVariantProperties` keeps the live instance counts and weights, which
 * autoscaling may have moved away from the config's initial values.
 */
import type { DeploymentConfig, UpdateEndpointInput } from '@aws-sdk/client-sagemaker';
import * as z from 'zod';

const CapacitySize = z
  .object({ type: z.enum(['INSTANCE_COUNT', 'CAPACITY_PERCENT']), value: z.number().int().positive() })
  .strict();

/**
 * How SageMaker deploys the new config (cdk.json `deployment`, CLI options). Without it SageMaker does a
 * blue/green all-at-once update; alarms turn on automatic rollback when they fire during the update.
 */
export const DeploymentOptions = z
  .object({
    blueGreen: z
      .object({
        trafficRouting: z.enum(['ALL_AT_ONCE', 'CANARY', 'LINEAR']),
        waitIntervalInSeconds: z.number().int().min(0).max(3600).default(0),
        canarySize: CapacitySize.optional(),
        linearStepSize: CapacitySize.optional(),
        terminationWaitInSeconds: z.number().int().min(0).max(3600).optional(),
        maximumExecutionTimeoutInSeconds: z.number().int().min(600).max(28800).optional(),
      })
      .strict()
      .refine((p) => p.trafficRouting !== 'CANARY' || p.canarySize !== undefined, {
        message: 'CANARY traffic routing needs canarySize',
        path: ['canarySize'],
      })
      .refine((p) => p.trafficRouting !== 'LINEAR' || p.linearStepSize !== undefined, {
        message: 'LINEAR traffic routing needs linearStepSize',
        path: ['linearStepSize'],
      })
      .optional(),
    /** CloudWatch alarm names; any of them in ALARM during the update rolls it back. */
    rollbackAlarms: z.array(z.string().min(1).max(255)).min(1).max(10).optional(),
  })
  .strict();
export type DeploymentOptions = z.infer<typeof DeploymentOptions>;

function capacity(size: z.infer<typeof CapacitySize>) {
  return { Type: size.type, Value: size.value };
}

type BlueGreen = NonNullable<DeploymentOptions['blueGreen']>;
const ALL_AT_ONCE: BlueGreen = { trafficRouting: 'ALL_AT_ONCE', waitIntervalInSeconds: 0 };

export function buildDeploymentConfig(options: DeploymentOptions): DeploymentConfig | undefined {
  if (options.blueGreen === undefined && options.rollbackAlarms === undefined) return undefined;
  // Alarms alone still get an explicit policy: it is SageMaker's default, and stating it keeps the
  // request self-explanatory in the execution history.
  const policy = options.blueGreen ?? ALL_AT_ONCE;
  return {
    BlueGreenUpdatePolicy: {
      TrafficRoutingConfiguration: {
        Type: policy.trafficRouting,
        WaitIntervalInSeconds: policy.waitIntervalInSeconds,
        ...(policy.trafficRouting === 'CANARY' && policy.canarySize
          ? { CanarySize: capacity(policy.canarySize) }
          : {}),
        ...(policy.trafficRouting === 'LINEAR' && policy.linearStepSize
          ? { LinearStepSize: capacity(policy.linearStepSize) }
          : {}),
      },
      ...(policy.terminationWaitInSeconds !== undefined
        ? { TerminationWaitInSeconds: policy.terminationWaitInSeconds }
        : {}),
      ...(policy.maximumExecutionTimeoutInSeconds !== undefined
        ? { MaximumExecutionTimeoutInSeconds: policy.maximumExecutionTimeoutInSeconds }
        : {}),
    },
    ...(options.rollbackAlarms
      ? { AutoRollbackConfiguration: { Alarms: options.rollbackAlarms.map((AlarmName) => ({ AlarmName })) } }
      : {}),
  };
}

export function buildUpdateEndpointInput(args: {
  endpointName: string;
  newConfigName: string;
  deployment?: DeploymentOptions | null | undefined;
}): UpdateEndpointInput & { EndpointName: string; EndpointConfigName: string } {
  const deploymentConfig = args.deployment ? buildDeploymentConfig(args.deployment) : undefined;
  return {
    EndpointName: args.endpointName,
    EndpointConfigName: args.newConfigName,
    RetainAllVariantProperties: true,
    ...(deploymentConfig ? { DeploymentConfig: deploymentConfig } : {}),
  };
}
