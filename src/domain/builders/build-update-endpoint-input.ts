/**
 * The UpdateEndpoint request that cuts an endpoint over to its new config. Variant names are unchanged in
 * the new config and `RetainAllVariantProperties` keeps the live instance counts and weights, which
 * autoscaling may have moved away from the config's initial values.
 */
import type { DeploymentConfig, UpdateEndpointInput } from '@aws-sdk/client-sagemaker';
import * as z from '../zod.ts';

const CapacitySize = z.strictObject({
  type: z.enum(['INSTANCE_COUNT', 'CAPACITY_PERCENT']),
  value: z.int().check(z.gt(0)),
});

const seconds = (min: number, max: number) => z.int().check(z.gte(min), z.lte(max));

/**
 * How SageMaker deploys the new config (cdk.json `deployment`, CLI options). Without it SageMaker does a
 * blue/green all-at-once update; alarms turn on automatic rollback when they fire during the update.
 */
export const DeploymentOptions = z.strictObject({
  blueGreen: z.optional(
    z
      .strictObject({
        trafficRouting: z.enum(['ALL_AT_ONCE', 'CANARY', 'LINEAR']),
        waitIntervalInSeconds: z._default(seconds(0, 3600), 0),
        canarySize: z.optional(CapacitySize),
        linearStepSize: z.optional(CapacitySize),
        terminationWaitInSeconds: z.optional(seconds(0, 3600)),
        maximumExecutionTimeoutInSeconds: z.optional(seconds(600, 28800)),
      })
      .check(
        z.refine((p) => p.trafficRouting !== 'CANARY' || p.canarySize !== undefined, {
          message: 'CANARY traffic routing needs canarySize',
          path: ['canarySize'],
        }),
        z.refine((p) => p.trafficRouting !== 'LINEAR' || p.linearStepSize !== undefined, {
          message: 'LINEAR traffic routing needs linearStepSize',
          path: ['linearStepSize'],
        }),
      ),
  ),
  /** CloudWatch alarm names; any of them in ALARM during the update rolls it back. */
  rollbackAlarms: z.optional(
    z.array(z.string().check(z.minLength(1), z.maxLength(255))).check(z.minLength(1), z.maxLength(10)),
  ),
});
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
