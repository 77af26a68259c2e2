/**
 * The request shapes of the SageMaker operations the sandbox serves, with the constraints of the SageMaker
 * service model (botocore `sagemaker/2017-07-24`). Scenario files reuse them: a scenario's models are
 * CreateModel requests, and so on. Members we do not interpret are still typed where cheap, or kept as
 * loose objects, so everything a client sends is stored and described back.
 */
import * as z from 'zod';
import { float, int, list, oneOf, str, stringMap, timestamp } from './constraints.ts';
import { INSTANCE_TYPES } from './instance-types.ts';

export const NAME_PATTERN = '^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}';
const ROLE_ARN_PATTERN = '^arn:aws[a-z\\-]*:iam::\\d{12}:role/?[a-zA-Z_0-9+=,.@\\-_/]+$';
const URL_PATTERN = '^(https|s3)://([^/]+)/?(.*)$';
const DESTINATION_S3_PATTERN = '^(https|s3)://([^/])/?(.*)$';
const TAG_PATTERN = '^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$';
const NAME_CONTAINS_PATTERN = '[a-zA-Z0-9-]+';
const MODEL_PACKAGE_PATTERN =
  '(arn:aws[a-z\\-]*:sagemaker:[a-z0-9\\-]*:[0-9]{12}:[a-z\\-]*\\/)?([a-zA-Z0-9]([a-zA-Z0-9-]){0,62})(?<!-)(\\/[0-9]{1,9})?';
export const RESOURCE_ARN_PATTERN = '^arn:aws[a-z-]*:sagemaker:[a-z0-9-]*:[0-9]{12}:.+';

export const ResourceName = str({ max: 63, pattern: NAME_PATTERN });
const RoleArn = str({ min: 20, max: 2048, pattern: ROLE_ARN_PATTERN });
const Url = str({ max: 1024, pattern: URL_PATTERN });
const DestinationS3Uri = str({ max: 512, pattern: DESTINATION_S3_PATTERN });
const KmsKeyId = str({ max: 2048, pattern: '[a-zA-Z0-9:/_-]*' });
const ContainerImage = str({ max: 255, pattern: '[\\S]+' });
const SortOrder = oneOf(['Ascending', 'Descending']);
const NextToken = str({ max: 8192 });
const MaxResults = int({ min: 1, max: 100 });
const NameContains = str({ max: 63, pattern: NAME_CONTAINS_PATTERN });
const InstanceType = z.string().refine((value) => INSTANCE_TYPES.includes(value), {
  message: `Member must satisfy enum value set: [${INSTANCE_TYPES.join(', ')}]`,
});

export const Tag = z.object({
  Key: str({ min: 1, max: 128, pattern: TAG_PATTERN }),
  Value: str({ max: 256, pattern: TAG_PATTERN }),
});
export type Tag = z.infer<typeof Tag>;
const TagList = list(Tag, { max: 50 });

export const VpcConfig = z.object({
  SecurityGroupIds: list(str({ max: 32, pattern: '[-0-9a-zA-Z]+' }), { min: 1, max: 5 }),
  Subnets: list(str({ max: 32, pattern: '[-0-9a-zA-Z]+' }), { min: 1, max: 16 }),
});

const Environment = stringMap({
  max: 100,
  key: { max: 1024, pattern: '[a-zA-Z_][a-zA-Z0-9_]*' },
  value: { max: 1024, pattern: '[\\S\\s]*' },
});

const S3ModelDataSource = z.object({
  S3Uri: Url,
  S3DataType: oneOf(['S3Prefix', 'S3Object']),
  CompressionType: oneOf(['None', 'Gzip']),
  ModelAccessConfig: z.object({ AcceptEula: z.boolean() }).optional(),
  HubAccessConfig: z.object({ HubContentArn: str({ max: 255 }) }).optional(),
  ManifestS3Uri: Url.optional(),
  ETag: z.string().optional(),
  ManifestEtag: z.string().optional(),
});

export const ContainerDefinition = z.object({
  ContainerHostname: ResourceName.optional(),
  Image: ContainerImage.optional(),
  ImageConfig: z
    .object({
      RepositoryAccessMode: oneOf(['Platform', 'Vpc']),
      RepositoryAuthConfig: z
        .object({ RepositoryCredentialsProviderArn: str({ min: 1, max: 2048 }) })
        .optional(),
    })
    .optional(),
  Mode: oneOf(['SingleModel', 'MultiModel']).optional(),
  ModelDataUrl: Url.optional(),
  ModelDataSource: z.object({ S3DataSource: S3ModelDataSource.optional() }).optional(),
  AdditionalModelDataSources: list(
    z.object({
      ChannelName: str({ min: 1, max: 64, pattern: '[A-Za-z0-9\\.\\-_]+' }),
      S3DataSource: S3ModelDataSource,
    }),
    { max: 5 },
  ).optional(),
  Environment: Environment.optional(),
  ModelPackageName: str({ min: 1, max: 176, pattern: MODEL_PACKAGE_PATTERN }).optional(),
  InferenceSpecificationName: str({ min: 1, max: 63, pattern: NAME_PATTERN }).optional(),
  MultiModelConfig: z.object({ ModelCacheSetting: oneOf(['Enabled', 'Disabled']).optional() }).optional(),
});
export type ContainerDefinition = z.infer<typeof ContainerDefinition>;

export const CreateModelInput = z.object({
  ModelName: ResourceName,
  PrimaryContainer: ContainerDefinition.optional(),
  Containers: list(ContainerDefinition, { max: 15 }).optional(),
  InferenceExecutionConfig: z.object({ Mode: oneOf(['Serial', 'Direct']) }).optional(),
  ExecutionRoleArn: RoleArn.optional(),
  Tags: TagList.optional(),
  VpcConfig: VpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
});
export type CreateModelInput = z.infer<typeof CreateModelInput>;

const ServerlessConfig = z.object({
  MemorySizeInMB: int({ min: 1024, max: 6144 }),
  MaxConcurrency: int({ min: 1, max: 200 }),
  ProvisionedConcurrency: int({ min: 1, max: 200 }).optional(),
});

export const ProductionVariant = z.object({
  VariantName: ResourceName,
  ModelName: ResourceName.optional(),
  InitialInstanceCount: int({ min: 1 }).optional(),
  InstanceType: InstanceType.optional(),
  InstancePools: list(
    z.object({ InstanceType, ModelNameOverride: ResourceName.optional(), Priority: int({ min: 1, max: 5 }) }),
    { min: 1, max: 5 },
  ).optional(),
  VariantInstanceProvisionTimeoutInSeconds: int({ min: 300, max: 3600 }).optional(),
  InitialVariantWeight: float({ min: 0 }).optional(),
  AcceleratorType: oneOf([
    'ml.eia1.medium',
    'ml.eia1.large',
    'ml.eia1.xlarge',
    'ml.eia2.medium',
    'ml.eia2.large',
    'ml.eia2.xlarge',
  ]).optional(),
  CoreDumpConfig: z.object({ DestinationS3Uri, KmsKeyId: KmsKeyId.optional() }).optional(),
  ServerlessConfig: ServerlessConfig.optional(),
  VolumeSizeInGB: int({ min: 1, max: 512 }).optional(),
  ModelDataDownloadTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
  ContainerStartupHealthCheckTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
  EnableSSMAccess: z.boolean().optional(),
  ManagedInstanceScaling: z
    .looseObject({
      Status: oneOf(['ENABLED', 'DISABLED']).optional(),
      MinInstanceCount: int({ min: 0 }).optional(),
      MaxInstanceCount: int({ min: 1 }).optional(),
    })
    .optional(),
  RoutingConfig: z.object({ RoutingStrategy: oneOf(['LEAST_OUTSTANDING_REQUESTS', 'RANDOM']) }).optional(),
  InferenceAmiVersion: z.string().optional(),
  CapacityReservationConfig: z.looseObject({}).optional(),
});
export type ProductionVariant = z.infer<typeof ProductionVariant>;

const DataCaptureConfig = z.object({
  EnableCapture: z.boolean().optional(),
  InitialSamplingPercentage: int({ min: 0, max: 100 }),
  DestinationS3Uri,
  KmsKeyId: KmsKeyId.optional(),
  CaptureOptions: list(z.object({ CaptureMode: oneOf(['Input', 'Output', 'InputAndOutput']) }), {
    min: 1,
    max: 32,
  }),
  CaptureContentTypeHeader: z
    .object({
      CsvContentTypes: list(str({ min: 1, max: 256 }), { min: 1, max: 10 }).optional(),
      JsonContentTypes: list(str({ min: 1, max: 256 }), { min: 1, max: 10 }).optional(),
    })
    .optional(),
});
export type DataCaptureConfig = z.infer<typeof DataCaptureConfig>;

const SnsTopicArn = str({
  max: 2048,
  pattern: 'arn:aws[a-z\\-]*:sns:[a-z0-9\\-]*:[0-9]{12}:[a-zA-Z0-9_.-]+',
});
const AsyncInferenceConfig = z.object({
  ClientConfig: z
    .object({ MaxConcurrentInvocationsPerInstance: int({ min: 1, max: 1000 }).optional() })
    .optional(),
  OutputConfig: z.object({
    KmsKeyId: KmsKeyId.optional(),
    S3OutputPath: DestinationS3Uri.optional(),
    NotificationConfig: z
      .object({
        SuccessTopic: SnsTopicArn.optional(),
        ErrorTopic: SnsTopicArn.optional(),
        IncludeInferenceResponseIn: list(oneOf(['SUCCESS_NOTIFICATION_TOPIC', 'ERROR_NOTIFICATION_TOPIC']), {
          max: 2,
        }).optional(),
      })
      .optional(),
    S3FailurePath: DestinationS3Uri.optional(),
  }),
});

export const CreateEndpointConfigInput = z.object({
  EndpointConfigName: ResourceName,
  ProductionVariants: list(ProductionVariant, { min: 1, max: 10 }),
  DataCaptureConfig: DataCaptureConfig.optional(),
  Tags: TagList.optional(),
  KmsKeyId: KmsKeyId.optional(),
  AsyncInferenceConfig: AsyncInferenceConfig.optional(),
  // Clarify's explainer settings are passed through untouched: the sandbox never interprets them.
  ExplainerConfig: z.looseObject({ ClarifyExplainerConfig: z.looseObject({}).optional() }).optional(),
  ShadowProductionVariants: list(ProductionVariant, { min: 1, max: 10 }).optional(),
  ExecutionRoleArn: RoleArn.optional(),
  VpcConfig: VpcConfig.optional(),
  EnableNetworkIsolation: z.boolean().optional(),
  MetricsConfig: z
    .object({
      EnableEnhancedMetrics: z.boolean().optional(),
      MetricPublishFrequencyInSeconds: int().optional(),
    })
    .optional(),
});
export type CreateEndpointConfigInput = z.infer<typeof CreateEndpointConfigInput>;

const CapacitySize = z.object({
  Type: oneOf(['INSTANCE_COUNT', 'CAPACITY_PERCENT']),
  Value: int({ min: 1 }),
});
const WaitInterval = int({ min: 0, max: 3600 });
const MaximumExecutionTimeout = int({ min: 600, max: 28800 });

export const DeploymentConfig = z.object({
  BlueGreenUpdatePolicy: z
    .object({
      TrafficRoutingConfiguration: z.object({
        Type: oneOf(['ALL_AT_ONCE', 'CANARY', 'LINEAR']),
        WaitIntervalInSeconds: WaitInterval,
        CanarySize: CapacitySize.optional(),
        LinearStepSize: CapacitySize.optional(),
      }),
      TerminationWaitInSeconds: int({ min: 0, max: 3600 }).optional(),
      MaximumExecutionTimeoutInSeconds: MaximumExecutionTimeout.optional(),
    })
    .optional(),
  RollingUpdatePolicy: z
    .object({
      MaximumBatchSize: CapacitySize,
      WaitIntervalInSeconds: WaitInterval,
      MaximumExecutionTimeoutInSeconds: MaximumExecutionTimeout.optional(),
      RollbackMaximumBatchSize: CapacitySize.optional(),
    })
    .optional(),
  AutoRollbackConfiguration: z
    .object({
      Alarms: list(z.object({ AlarmName: str({ min: 1, max: 255, pattern: '^(?!\\s*$).+' }).optional() }), {
        min: 1,
        max: 10,
      }).optional(),
    })
    .optional(),
});
export type DeploymentConfig = z.infer<typeof DeploymentConfig>;

export const CreateEndpointInput = z.object({
  EndpointName: ResourceName,
  EndpointConfigName: ResourceName,
  DeploymentConfig: DeploymentConfig.optional(),
  Tags: TagList.optional(),
});
export type CreateEndpointInput = z.infer<typeof CreateEndpointInput>;

export const UpdateEndpointInput = z.object({
  EndpointName: ResourceName,
  EndpointConfigName: ResourceName,
  RetainAllVariantProperties: z.boolean().optional(),
  ExcludeRetainedVariantProperties: list(
    z.object({ VariantPropertyType: oneOf(['DesiredInstanceCount', 'DesiredWeight', 'DataCaptureConfig']) }),
    { max: 3 },
  ).optional(),
  DeploymentConfig: DeploymentConfig.optional(),
  RetainDeploymentConfig: z.boolean().optional(),
});
export type UpdateEndpointInput = z.infer<typeof UpdateEndpointInput>;

export const ModelNameInput = z.object({ ModelName: ResourceName });
export const EndpointConfigNameInput = z.object({ EndpointConfigName: ResourceName });
export const EndpointNameInput = z.object({ EndpointName: ResourceName });
export const InferenceComponentNameInput = z.object({ InferenceComponentName: ResourceName });

const listCommon = {
  SortOrder: SortOrder.optional(),
  NextToken: NextToken.optional(),
  MaxResults: MaxResults.optional(),
  NameContains: NameContains.optional(),
  CreationTimeBefore: timestamp.optional(),
  CreationTimeAfter: timestamp.optional(),
};

export const ListModelsInput = z.object({
  ...listCommon,
  SortBy: oneOf(['Name', 'CreationTime']).optional(),
});
export const ListEndpointConfigsInput = ListModelsInput;

const EndpointStatus = oneOf([
  'OutOfService',
  'Creating',
  'Updating',
  'SystemUpdating',
  'RollingBack',
  'InService',
  'Deleting',
  'Failed',
  'UpdateRollbackFailed',
]);
export type EndpointStatus = z.infer<typeof EndpointStatus>;

export const ListEndpointsInput = z.object({
  ...listCommon,
  SortBy: oneOf(['Name', 'CreationTime', 'Status']).optional(),
  LastModifiedTimeBefore: timestamp.optional(),
  LastModifiedTimeAfter: timestamp.optional(),
  StatusEquals: EndpointStatus.optional(),
});

const InferenceComponentStatus = oneOf(['InService', 'Creating', 'Updating', 'Failed', 'Deleting']);
export type InferenceComponentStatus = z.infer<typeof InferenceComponentStatus>;

export const ListInferenceComponentsInput = z.object({
  ...listCommon,
  SortBy: oneOf(['Name', 'CreationTime', 'Status']).optional(),
  LastModifiedTimeBefore: timestamp.optional(),
  LastModifiedTimeAfter: timestamp.optional(),
  StatusEquals: InferenceComponentStatus.optional(),
  EndpointNameEquals: ResourceName.optional(),
  VariantNameEquals: ResourceName.optional(),
});

const ResourceArn = str({ max: 256, pattern: RESOURCE_ARN_PATTERN });

export const AddTagsInput = z.object({ ResourceArn, Tags: TagList });
export const ListTagsInput = z.object({
  ResourceArn,
  NextToken: NextToken.optional(),
  MaxResults: int({ min: 50 }).optional(),
});
export const DeleteTagsInput = z.object({
  ResourceArn,
  TagKeys: list(str({ min: 1, max: 128, pattern: TAG_PATTERN }), { min: 1, max: 50 }),
});

const StartupParameters = z.object({
  ModelDataDownloadTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
  ContainerStartupHealthCheckTimeoutInSeconds: int({ min: 60, max: 3600 }).optional(),
});

export const InferenceComponentSpecification = z.object({
  ModelName: ResourceName.optional(),
  Container: z
    .object({
      Image: ContainerImage.optional(),
      ArtifactUrl: Url.optional(),
      Environment: Environment.optional(),
    })
    .optional(),
  StartupParameters: StartupParameters.optional(),
  ComputeResourceRequirements: z
    .object({
      NumberOfCpuCoresRequired: float({ min: 0.25 }).optional(),
      NumberOfAcceleratorDevicesRequired: float({ min: 1 }).optional(),
      MinMemoryRequiredInMb: int({ min: 128 }),
      MaxMemoryRequiredInMb: int({ min: 128 }).optional(),
    })
    .optional(),
  BaseInferenceComponentName: ResourceName.optional(),
  DataCacheConfig: z.object({ EnableCaching: z.boolean() }).optional(),
});

export const CreateInferenceComponentInput = z.object({
  InferenceComponentName: ResourceName,
  EndpointName: ResourceName,
  VariantName: ResourceName,
  Specification: InferenceComponentSpecification,
  RuntimeConfig: z.object({ CopyCount: int({ min: 0 }) }).optional(),
  Tags: TagList.optional(),
});
export type CreateInferenceComponentInput = z.infer<typeof CreateInferenceComponentInput>;
