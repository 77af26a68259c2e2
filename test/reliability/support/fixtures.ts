/**
 * The account the reliability cases run in, and builders for what a scenario holds: models, endpoint
 * configs (production, shadow and serverless variants), endpoints, and a SageMaker.5 finding per model with
 * the EventBridge event that carries it.
 */
import type * as z from 'zod';
import type { CreateEndpointConfigInput, CreateModelInput } from '../../../src/local/sagemaker/shapes.ts';
import { sageMaker5Finding } from '../../../src/local/securityhub/sagemaker5-finding.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
export const PRODUCT_ARN = `arn:aws:securityhub:${REGION}::product/aws/securityhub`;
export const EXEMPT_TAG = 'sm5:exempt';

type ModelRequest = z.input<typeof CreateModelInput>;
type ConfigRequest = z.input<typeof CreateEndpointConfigInput>;

export function modelRequest(
  name: string,
  options: { isolated?: boolean; exempt?: boolean } = {},
): ModelRequest {
  return {
    ModelName: name,
    PrimaryContainer: {
      Image: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/${name.toLowerCase()}:1`,
      ModelDataUrl: `s3://ml-artifacts-${ACCOUNT}/${name}/model.tar.gz`,
    },
    ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker-inference`,
    ...(options.isolated ? { EnableNetworkIsolation: true } : {}),
    ...(options.exempt ? { Tags: [{ Key: EXEMPT_TAG, Value: 'owner accepts the risk' }] } : {}),
  };
}

export interface ConfigShape {
  readonly name: string;
  /** One instance-backed production variant per model. */
  readonly production: readonly string[];
  readonly shadow?: string | null;
  /** A single serverless production variant (production must then hold one model, and no shadow). */
  readonly serverless?: boolean;
}

export function configRequest(shape: ConfigShape): ConfigRequest {
  if (shape.serverless) {
    return {
      EndpointConfigName: shape.name,
      ProductionVariants: shape.production.map((m) => ({
        VariantName: 'AllTraffic',
        ModelName: m,
        ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 },
      })),
    };
  }
  return {
    EndpointConfigName: shape.name,
    ProductionVariants: shape.production.map((m, i) => ({
      VariantName: `p${i}`,
      ModelName: m,
      InstanceType: 'ml.m5.large',
      InitialInstanceCount: 1,
      InitialVariantWeight: 1,
    })),
    ...(shape.shadow
      ? {
          ShadowProductionVariants: [
            {
              VariantName: 'shadow',
              ModelName: shape.shadow,
              InstanceType: 'ml.m5.large',
              InitialInstanceCount: 1,
            },
          ],
        }
      : {}),
  };
}

export interface ModelShape {
  readonly name: string;
  readonly isolated: boolean;
  readonly exempt: boolean;
}

/** An account as the cases describe it; `scenarioFor` turns it into the sandbox's scenario. */
export interface AccountShape {
  readonly models: readonly ModelShape[];
  readonly configs: readonly ConfigShape[];
  readonly endpoints: readonly { readonly name: string; readonly config: string }[];
}

export function scenarioFor(account: AccountShape) {
  return {
    models: account.models.map((m) => modelRequest(m.name, m)),
    endpointConfigs: account.configs.map(configRequest),
    endpoints: account.endpoints.map((e) => ({ EndpointName: e.name, EndpointConfigName: e.config })),
  };
}

export function modelArn(name: string): string {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:model/${name.toLowerCase()}`;
}

export function findingId(modelName: string): string {
  return `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/SageMaker.5/finding/${modelName.toLowerCase()}-0001`;
}

/** A consolidated SageMaker.5 finding (FAILED, NEW, ACTIVE) about the model, as Security Hub stores it. */
export function finding(modelName: string): Record<string, unknown> {
  return sageMaker5Finding({
    id: findingId(modelName),
    account: ACCOUNT,
    region: REGION,
    modelArn: modelArn(modelName),
  });
}

/** The "Findings - Imported" event the ASFF rule delivers for the model's finding. */
export function findingEvent(modelName: string): Record<string, unknown> {
  return {
    version: '0',
    id: `event-${modelName.toLowerCase()}`,
    'detail-type': 'Security Hub Findings - Imported',
    source: 'aws.securityhub',
    account: ACCOUNT,
    time: '2026-11-26T09:14:07Z',
    region: REGION,
    resources: [`${PRODUCT_ARN}/${findingId(modelName)}`],
    detail: { findings: [finding(modelName)] },
  };
}
