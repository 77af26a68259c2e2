/** Small builders for the accounts the domain tests plan against. */
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  ProductionVariant,
  Tag,
} from '@aws-sdk/client-sagemaker';
import type { RemediationRequest } from '../../../../src/domain/request.ts';
import { ACCOUNT, arnOf, FakeSageMaker, REGION } from './fake-sagemaker.ts';

export const ROLE = `arn:aws:iam::${ACCOUNT}:role/sagemaker-execution`;
export const FINDING_ID = `arn:aws:securityhub:${REGION}:${ACCOUNT}:security-control/SageMaker.5/finding/0a1b2c3d`;

export function model(
  name: string,
  options: { isolated?: boolean; environment?: Record<string, string>; tags?: Tag[] } = {},
): CreateModelInput & { ModelName: string } {
  return {
    ModelName: name,
    PrimaryContainer: {
      Image: '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1-cpu',
      ModelDataUrl: `s3://models-${ACCOUNT}/${name}/model.tar.gz`,
      Environment: options.environment ?? { SAGEMAKER_PROGRAM: 'inference.py' },
    },
    ExecutionRoleArn: ROLE,
    EnableNetworkIsolation: options.isolated ?? false,
    ...(options.tags ? { Tags: options.tags } : {}),
  };
}

export function variant(
  name: string,
  modelName: string | undefined,
  options: { serverless?: boolean } = {},
): ProductionVariant {
  return {
    VariantName: name,
    ...(modelName !== undefined ? { ModelName: modelName } : {}),
    ...(options.serverless
      ? { ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5 } }
      : { InstanceType: 'ml.m5.large', InitialInstanceCount: 2, InitialVariantWeight: 1 }),
  };
}

export function config(
  name: string,
  production: ProductionVariant[],
  shadow: ProductionVariant[] = [],
  tags: Tag[] = [],
): CreateEndpointConfigInput & { EndpointConfigName: string } {
  return {
    EndpointConfigName: name,
    ProductionVariants: production,
    ...(shadow.length > 0 ? { ShadowProductionVariants: shadow } : {}),
    DataCaptureConfig: {
      InitialSamplingPercentage: 10,
      DestinationS3Uri: `s3://capture-${ACCOUNT}/`,
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
    },
    KmsKeyId: `arn:aws:kms:${REGION}:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    ...(tags.length > 0 ? { Tags: tags } : {}),
  };
}

export function request(
  modelName: string,
  options: { finding?: boolean; arnName?: string } = {},
): RemediationRequest {
  const arnName = options.arnName ?? modelName.toLowerCase();
  return {
    finding:
      options.finding === false
        ? null
        : {
            api: 'asff',
            id: FINDING_ID,
            productArn: `arn:aws:securityhub:${REGION}::product/aws/securityhub`,
          },
    accountId: ACCOUNT,
    region: REGION,
    modelArn: arnOf('model', arnName),
    modelName: arnName,
    trigger: options.finding === false ? 'cli' : 'auto',
  };
}

/** One model on one endpoint: the common case. */
export function singleEndpoint(): FakeSageMaker {
  return new FakeSageMaker()
    .seedModel(model('Churn-Model', { tags: [{ Key: 'team', Value: 'growth' }] }))
    .seedConfig(
      config('churn-config', [variant('AllTraffic', 'Churn-Model')], [], [{ Key: 'cost', Value: 'ml' }]),
    )
    .seedEndpoint('churn', 'churn-config');
}
