/**
 * Descriptions with every member set. `Required<...>` makes the compiler insist on each member the SDK
 * knows, so when AWS adds one, these fixtures (and the tests that iterate over their keys) must follow.
 */
import type {
  ContainerDefinition,
  DescribeEndpointConfigOutput,
  DescribeModelOutput,
  ProductionVariant,
} from '@aws-sdk/client-sagemaker';

const ACCOUNT = '111122223333';

export function fullContainer(hostname: string): Required<ContainerDefinition> {
  return {
    ContainerHostname: hostname,
    Image: `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${hostname}:1.0`,
    ImageConfig: {
      RepositoryAccessMode: 'Vpc',
      RepositoryAuthConfig: {
        RepositoryCredentialsProviderArn: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:creds`,
      },
    },
    Mode: 'MultiModel',
    ModelDataUrl: `s3://models-${ACCOUNT}/${hostname}/model.tar.gz`,
    ModelDataSource: {
      S3DataSource: {
        S3Uri: `s3://models-${ACCOUNT}/${hostname}/`,
        S3DataType: 'S3Prefix',
        CompressionType: 'None',
        ModelAccessConfig: { AcceptEula: true },
        ManifestS3Uri: `s3://models-${ACCOUNT}/${hostname}/manifest.json`,
        ETag: 'etag-1',
        ManifestEtag: 'etag-2',
      },
    },
    AdditionalModelDataSources: [
      {
        ChannelName: 'draft',
        S3DataSource: {
          S3Uri: `s3://models-${ACCOUNT}/draft/`,
          S3DataType: 'S3Prefix',
          CompressionType: 'None',
        },
      },
    ],
    Environment: { SAGEMAKER_PROGRAM: 'inference.py', BATCH_SIZE: '8' },
    ModelPackageName: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model-package/pkg/1`,
    InferenceSpecificationName: 'default',
    MultiModelConfig: { ModelCacheSetting: 'Disabled' },
    ContainerMetricsConfig: {
      MetricsEndpoints: [{ MetricsEndpointPath: '/metrics', MetricPublishFrequencyInSeconds: 60 }],
    },
  };
}

export function fullModelDescription(name: string): Required<DescribeModelOutput> {
  return {
    ModelName: name,
    PrimaryContainer: fullContainer('primary'),
    Containers: [fullContainer('pre'), fullContainer('main')],
    InferenceExecutionConfig: { Mode: 'Direct' },
    ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/sagemaker`,
    VpcConfig: { SecurityGroupIds: ['sg-1', 'sg-2'], Subnets: ['subnet-1', 'subnet-2'] },
    CreationTime: new Date('2024-01-01T00:00:00Z'),
    ModelArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:model/${name.toLowerCase()}`,
    EnableNetworkIsolation: false,
    DeploymentRecommendation: {
      RecommendationStatus: 'COMPLETED',
      RealTimeInferenceRecommendations: [{ RecommendationId: 'r1', InstanceType: 'ml.g5.xlarge' }],
    },
  };
}

export function fullVariant(name: string, modelName: string): Required<ProductionVariant> {
  return {
    VariantName: name,
    ModelName: modelName,
    InitialInstanceCount: 2,
    InstanceType: 'ml.g5.xlarge',
    InstancePools: [{ InstanceType: 'ml.g5.2xlarge', ModelNameOverride: modelName, Priority: 1 }],
    VariantInstanceProvisionTimeoutInSeconds: 1800,
    InitialVariantWeight: 0.5,
    AcceleratorType: 'ml.eia2.medium',
    CoreDumpConfig: { DestinationS3Uri: `s3://dumps-${ACCOUNT}/`, KmsKeyId: 'alias/dumps' },
    ServerlessConfig: { MemorySizeInMB: 2048, MaxConcurrency: 5, ProvisionedConcurrency: 1 },
    VolumeSizeInGB: 64,
    ModelDataDownloadTimeoutInSeconds: 1200,
    ContainerStartupHealthCheckTimeoutInSeconds: 600,
    EnableSSMAccess: true,
    ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: 4 },
    RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
    InferenceAmiVersion: 'al2-ami-sagemaker-inference-gpu-2',
    CapacityReservationConfig: { CapacityReservationPreference: 'capacity-reservations-only' },
  };
}

export function fullEndpointConfigDescription(
  name: string,
  modelName: string,
  shadowModelName: string,
): Required<DescribeEndpointConfigOutput> {
  return {
    EndpointConfigName: name,
    EndpointConfigArn: `arn:aws:sagemaker:us-east-1:${ACCOUNT}:endpoint-config/${name.toLowerCase()}`,
    ProductionVariants: [fullVariant('AllTraffic', modelName)],
    DataCaptureConfig: {
      EnableCapture: true,
      InitialSamplingPercentage: 20,
      DestinationS3Uri: `s3://capture-${ACCOUNT}/`,
      KmsKeyId: 'alias/capture',
      CaptureOptions: [{ CaptureMode: 'Input' }, { CaptureMode: 'Output' }],
      CaptureContentTypeHeader: { CsvContentTypes: ['text/csv'], JsonContentTypes: ['application/json'] },
    },
    KmsKeyId: 'alias/volumes',
    CreationTime: new Date('2024-01-01T00:00:00Z'),
    AsyncInferenceConfig: {
      ClientConfig: { MaxConcurrentInvocationsPerInstance: 4 },
      OutputConfig: { S3OutputPath: `s3://async-${ACCOUNT}/out/`, KmsKeyId: 'alias/async' },
    },
    ExplainerConfig: {
      ClarifyExplainerConfig: {
        EnableExplanations: '`true`',
        ShapConfig: { ShapBaselineConfig: { MimeType: 'text/csv', ShapBaseline: '1,2,3' } },
      },
    },
    ShadowProductionVariants: [fullVariant('Shadow', shadowModelName)],
    ExecutionRoleArn: `arn:aws:iam::${ACCOUNT}:role/endpoint`,
    VpcConfig: { SecurityGroupIds: ['sg-9'], Subnets: ['subnet-9'] },
    EnableNetworkIsolation: false,
    MetricsConfig: {
      EnableEnhancedMetrics: true,
      EnableDetailedObservability: true,
      MetricPublishFrequencyInSeconds: 60,
    },
  };
}
