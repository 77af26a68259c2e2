/**
 * What the emulated SageMaker account holds. Records are keyed by the lowercased name because SageMaker
 * treats names case-insensitively for uniqueness (the ARN lowercases them), while lookups by name are
 * exact: `MyModel` exists, `mymodel` is "Could not find model".
 */
import type {
  CreateEndpointConfigInput,
  CreateInferenceComponentInput,
  CreateModelInput,
  DeploymentConfig,
  EndpointStatus,
  InferenceComponentStatus,
  Tag,
} from './shapes.ts';

export type ResourceType = 'model' | 'endpoint-config' | 'endpoint' | 'inference-component';

export interface ModelRecord {
  readonly name: string;
  readonly arn: string;
  readonly input: CreateModelInput;
  readonly creationTime: number;
  readonly seq: number;
}

export interface EndpointConfigRecord {
  readonly name: string;
  readonly arn: string;
  readonly input: CreateEndpointConfigInput;
  readonly creationTime: number;
  readonly seq: number;
}

export interface DeployedImage {
  readonly SpecifiedImage: string;
  readonly ResolvedImage: string;
  readonly ResolutionTime: number;
}

/** One variant as it runs (or will run): the fields of ProductionVariantSummary. */
export interface VariantState {
  readonly variantName: string;
  readonly modelName: string | undefined;
  readonly deployedImages: readonly DeployedImage[];
  readonly weight: number;
  readonly instanceCount: number | undefined;
  readonly instanceType: string | undefined;
  readonly serverless: Readonly<Record<string, unknown>> | undefined;
  readonly managedInstanceScaling: Readonly<Record<string, unknown>> | undefined;
  readonly routingConfig: Readonly<Record<string, unknown>> | undefined;
}

/** An endpoint config as deployed on an endpoint; a snapshot, so deleting the config changes nothing. */
export interface Deployment {
  readonly configName: string;
  readonly config: CreateEndpointConfigInput;
  readonly variants: readonly VariantState[];
  readonly shadowVariants: readonly VariantState[];
}

export interface PendingDeployment extends Deployment {
  readonly kind: 'create' | 'update';
  readonly startTime: number;
  readonly deploymentConfig: DeploymentConfig | undefined;
}

export interface EndpointRecord {
  readonly name: string;
  readonly arn: string;
  readonly creationTime: number;
  readonly seq: number;
  status: EndpointStatus;
  /** The name DescribeEndpoint shows: the running config, or the one being created. */
  configName: string;
  failureReason: string | undefined;
  lastModifiedTime: number;
  current: Deployment | undefined;
  pending: PendingDeployment | undefined;
  lastDeploymentConfig: DeploymentConfig | undefined;
}

export interface InferenceComponentRecord {
  readonly name: string;
  readonly arn: string;
  readonly input: CreateInferenceComponentInput;
  readonly endpointName: string;
  readonly endpointArn: string;
  readonly creationTime: number;
  readonly seq: number;
  status: InferenceComponentStatus;
  failureReason: string | undefined;
  lastModifiedTime: number;
  currentCopyCount: number;
  deployedImage: DeployedImage | undefined;
}

export class SageMakerState {
  readonly models = new Map<string, ModelRecord>();
  readonly endpointConfigs = new Map<string, EndpointConfigRecord>();
  readonly endpoints = new Map<string, EndpointRecord>();
  readonly inferenceComponents = new Map<string, InferenceComponentRecord>();
  /** Keyed by the lowercased ARN; insertion order is the order ListTags returns. */
  readonly tags = new Map<string, Map<string, string>>();
  private seq = 0;

  constructor(
    readonly partition: string,
    readonly region: string,
    readonly account: string,
  ) {}

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  arn(type: ResourceType, name: string): string {
    return `arn:${this.partition}:sagemaker:${this.region}:${this.account}:${type}/${name.toLowerCase()}`;
  }

  /** Exact-name lookup: a record whose name differs only in case is not found. */
  static exact<R extends { readonly name: string }>(
    map: ReadonlyMap<string, R>,
    name: string,
  ): R | undefined {
    const record = map.get(name.toLowerCase());
    return record?.name === name ? record : undefined;
  }

  setTags(arn: string, tags: readonly Tag[]): void {
    const key = arn.toLowerCase();
    const existing = this.tags.get(key) ?? new Map<string, string>();
    for (const tag of tags) existing.set(tag.Key, tag.Value);
    this.tags.set(key, existing);
  }

  tagsOf(arn: string): Tag[] {
    return [...(this.tags.get(arn.toLowerCase()) ?? new Map<string, string>())].map(([Key, Value]) => ({
      Key,
      Value,
    }));
  }

  dropTags(arn: string): void {
    this.tags.delete(arn.toLowerCase());
  }
}
