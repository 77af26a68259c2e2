/**
 * The accounts the benchmarks run against, built as scenario objects (CreateModel / CreateEndpointConfig /
 * CreateEndpoint requests and ASFF findings), so the sandbox seeds them through its API validation.
 */
import type * as z from 'zod';
import type { CreateEndpointConfigInput, CreateModelInput } from '../../src/local/sagemaker/shapes.ts';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import { sageMaker5Finding } from '../../src/local/securityhub/sagemaker5-finding.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';

type ModelRequest = z.input<typeof CreateModelInput>;
type ConfigRequest = z.input<typeof CreateEndpointConfigInput>;
type Faults = NonNullable<ScenarioInput['faults']>;

export function model(name: string, isolated: boolean): ModelRequest {
  return {
    ModelName: name,
    PrimaryContainer: {
      Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name}:1`,
      ModelDataUrl: `s3://ml-artifacts-${ACCOUNT}/${name}/model.tar.gz`,
    },
    ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker-inference`,
    EnableNetworkIsolation: isolated,
  };
}

/** One instance-backed variant serving `modelName`. */
export function config(name: string, modelName: string): ConfigRequest {
  return {
    EndpointConfigName: name,
    ProductionVariants: [
      {
        VariantName: 'AllTraffic',
        ModelName: modelName,
        InstanceType: 'ml.m5.large',
        InitialInstanceCount: 1,
      },
    ],
  };
}

export function endpoint(name: string, configName: string) {
  return { EndpointName: name, EndpointConfigName: configName };
}

export function modelArn(name: string): string {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${name.toLowerCase()}`;
}

/**
 * A FAILED, NEW, ACTIVE SageMaker.5 finding on the model. `copy` tells apart the findings Security Hub sends
 * for one model (consolidated and legacy, member and administrator account): same resource, another Id.
 */
export function finding(modelName: string, copy = 1): Record<string, unknown> {
  return sageMaker5Finding({
    id: `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/SageMaker.5/finding/${modelName}-${copy}`,
    account: ACCOUNT,
    region: REGION,
    modelArn: modelArn(modelName),
  });
}

/** The cost of the API: latency on every call of every service, a token bucket per SageMaker operation. */
export function apiCost(cost: { latencyMs: number; ratePerSecond: number; burst: number }): Faults {
  return {
    latencyMs: cost.latencyMs,
    rules: [{ service: 'sagemaker', operation: '*', ratePerSecond: cost.ratePerSecond, burst: cost.burst }],
  };
}

const pad = (i: number) => String(i).padStart(4, '0');

export interface AuditAccountShape {
  models: number;
  endpoints: number;
  /** Distinct configs behind the endpoints; the first `endpoints - configs` configs serve two endpoints. */
  configs: number;
  /** Every n-th model is isolated (2: half of them). */
  isolatedEvery: number;
}

/** `models` models, the first `configs` of them served, each by one config, some configs by two endpoints. */
export function auditAccount(shape: AuditAccountShape, faults: Faults): ScenarioInput {
  const { models, endpoints, configs } = shape;
  if (configs > models || configs > endpoints || endpoints > 2 * configs) {
    throw new RangeError('audit account: need configs <= models, configs <= endpoints <= 2 * configs');
  }
  const modelNames = Array.from({ length: models }, (_, i) => `audit-model-${pad(i)}`);
  const configNames = Array.from({ length: configs }, (_, i) => `audit-config-${pad(i)}`);
  const shared = endpoints - configs;
  const endpointConfig = (i: number) => configNames[i < 2 * shared ? Math.floor(i / 2) : i - shared] ?? '';
  return {
    description: 'benchmark: audit',
    models: modelNames.map((name, i) => model(name, i % shape.isolatedEvery === 0)),
    endpointConfigs: configNames.map((name, i) => config(name, modelNames[i] ?? '')),
    endpoints: Array.from({ length: endpoints }, (_, i) =>
      endpoint(`audit-endpoint-${pad(i)}`, endpointConfig(i)),
    ),
    faults,
  };
}

/** `models` unisolated models, each on its own endpoint, with `findingsPerModel` findings each. */
export function servedModels(models: number, findingsPerModel: number, prefix: string, faults: Faults) {
  const names = Array.from({ length: models }, (_, i) => `${prefix}-${pad(i)}`);
  const findings = names.flatMap((name) =>
    Array.from({ length: findingsPerModel }, (_, k) => finding(name, k + 1)),
  );
  const scenario: ScenarioInput = {
    description: `benchmark: ${prefix}`,
    models: names.map((name) => model(name, false)),
    endpointConfigs: names.map((name) => config(`${name}-config`, name)),
    endpoints: names.map((name) => endpoint(`${name}-endpoint`, `${name}-config`)),
    findings,
    faults,
  };
  return { names, findings, scenario };
}
