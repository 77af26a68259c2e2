/**
 * An in-memory SageMaker behind the SageMakerPort, with the behaviour the steps depend on: names are
 * case-insensitive and lowercased in ARNs, DescribeModel has no tags, an update moves the endpoint to
 * Updating until the test completes it or rolls it back (to InService on the old config), UpdateEndpoint
 * on a moving endpoint is refused as busy, and (like the workflow's IAM) deleting needs the superseded tag.
 * Every call is logged so tests can count them.
 */
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  DescribeInferenceComponentOutput,
  DescribeModelOutput,
  EndpointStatus,
  EndpointSummary,
  InferenceComponentSummary,
  ModelSummary,
  Tag,
  UpdateEndpointInput,
} from '@aws-sdk/client-sagemaker';
import { TAG_SUPERSEDED_BY } from '../../../../src/domain/builders/lineage-tags.ts';
import {
  AccessDeniedError,
  AwsValidationError,
  EndpointBusyError,
  EndpointNotFoundError,
} from '../../../../src/domain/errors.ts';
import { RESOURCE_NAME_PATTERN } from '../../../../src/domain/names.ts';
import type { CreateOutcome, DeleteOutcome, SageMakerPort } from '../../../../src/domain/ports.ts';

export const ACCOUNT = '111122223333';
export const REGION = 'us-east-1';
const CREATED = new Date('2024-01-02T03:04:05Z');

interface StoredEndpoint {
  name: string;
  status: EndpointStatus;
  configName: string;
  pendingConfigName: string | undefined;
  failureReason: string | undefined;
}

interface StoredComponent {
  name: string;
  endpointName: string;
  variantName: string;
  modelName: string;
}

export interface Call {
  op: keyof SageMakerPort;
  arg: unknown;
}

const key = (name: string) => name.toLowerCase();

export function arnOf(kind: 'model' | 'endpoint-config' | 'endpoint' | 'inference-component', name: string) {
  return `arn:aws:sagemaker:${REGION}:${ACCOUNT}:${kind}/${name.toLowerCase()}`;
}

export class FakeSageMaker implements SageMakerPort {
  readonly models = new Map<string, CreateModelInput & { ModelName: string }>();
  readonly configs = new Map<string, CreateEndpointConfigInput & { EndpointConfigName: string }>();
  readonly endpoints = new Map<string, StoredEndpoint>();
  readonly components = new Map<string, StoredComponent>();
  readonly tags = new Map<string, Tag[]>();
  readonly calls: Call[] = [];
  readonly updates: UpdateEndpointInput[] = [];
  private readonly failures = new Map<keyof SageMakerPort, Error[]>();
  /** When false, deletes succeed without the superseded tag (the IAM condition is off). */
  requireSupersededTag = true;
  /** When true, DescribeModel finds a model only by its exact name (whether AWS does is unverified). */
  exactNameLookups = false;

  // ---- seeding and control ----

  seedModel(input: CreateModelInput & { ModelName: string }): this {
    this.models.set(key(input.ModelName), structuredClone({ ...input, Tags: undefined }));
    this.tags.set(arnOf('model', input.ModelName), structuredClone(input.Tags ?? []));
    return this;
  }

  seedConfig(input: CreateEndpointConfigInput & { EndpointConfigName: string }): this {
    this.configs.set(key(input.EndpointConfigName), structuredClone({ ...input, Tags: undefined }));
    this.tags.set(arnOf('endpoint-config', input.EndpointConfigName), structuredClone(input.Tags ?? []));
    return this;
  }

  seedEndpoint(
    name: string,
    configName: string,
    status: EndpointStatus = 'InService',
    failureReason?: string,
  ): this {
    this.endpoints.set(key(name), {
      name,
      status,
      configName,
      pendingConfigName: undefined,
      failureReason,
    });
    this.tags.set(arnOf('endpoint', name), []);
    return this;
  }

  seedComponent(component: StoredComponent): this {
    this.components.set(key(component.name), component);
    return this;
  }

  /** The next call of `op` throws `error` instead of answering. */
  failNext(op: keyof SageMakerPort, error: Error): this {
    this.failures.set(op, [...(this.failures.get(op) ?? []), error]);
    return this;
  }

  /** The update in progress succeeds: InService on the new config. */
  completeUpdate(name: string): void {
    const endpoint = this.mustEndpoint(name);
    if (endpoint.pendingConfigName === undefined) throw new Error(`fake: ${name} has no update in progress`);
    endpoint.configName = endpoint.pendingConfigName;
    endpoint.pendingConfigName = undefined;
    endpoint.status = 'InService';
    endpoint.failureReason = undefined;
  }

  /** The update in progress fails the way SageMaker reports it: InService again, on the old config. */
  rollBackUpdate(name: string, reason = ''): void {
    const endpoint = this.mustEndpoint(name);
    endpoint.pendingConfigName = undefined;
    endpoint.status = 'InService';
    endpoint.failureReason = reason === '' ? undefined : reason;
  }

  setStatus(name: string, status: EndpointStatus, failureReason?: string): void {
    const endpoint = this.mustEndpoint(name);
    endpoint.status = status;
    endpoint.failureReason = failureReason;
  }

  count(op: keyof SageMakerPort): number {
    return this.calls.filter((c) => c.op === op).length;
  }

  argsOf(op: keyof SageMakerPort): unknown[] {
    return this.calls.filter((c) => c.op === op).map((c) => c.arg);
  }

  tagsOf(kind: 'model' | 'endpoint-config', name: string): Tag[] {
    return this.tags.get(arnOf(kind, name)) ?? [];
  }

  endpoint(name: string): StoredEndpoint | undefined {
    return this.endpoints.get(key(name));
  }

  // ---- the port ----

  async describeModel(name: string): Promise<DescribeModelOutput | undefined> {
    this.enter('describeModel', name);
    const model = this.models.get(key(name));
    if (model === undefined || (this.exactNameLookups && model.ModelName !== name)) return undefined;
    const { Tags, ...members } = structuredClone(model);
    return { ...members, ModelArn: arnOf('model', model.ModelName), CreationTime: CREATED };
  }

  async listTags(arn: string): Promise<Tag[]> {
    this.enter('listTags', arn);
    return structuredClone(this.tags.get(arn) ?? []);
  }

  async listModels(): Promise<ModelSummary[]> {
    this.enter('listModels', null);
    return [...this.models.values()].map((m) => ({
      ModelName: m.ModelName,
      ModelArn: arnOf('model', m.ModelName),
      CreationTime: CREATED,
    }));
  }

  async listEndpoints(): Promise<EndpointSummary[]> {
    this.enter('listEndpoints', null);
    return [...this.endpoints.values()].map((e) => ({
      EndpointName: e.name,
      EndpointArn: arnOf('endpoint', e.name),
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
      EndpointStatus: e.status,
    }));
  }

  async describeEndpoint(name: string): Promise<DescribeEndpointOutput | undefined> {
    this.enter('describeEndpoint', name);
    const e = this.endpoints.get(key(name));
    if (e === undefined) return undefined;
    return {
      EndpointName: e.name,
      EndpointArn: arnOf('endpoint', e.name),
      EndpointConfigName: e.configName,
      EndpointStatus: e.status,
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
      ...(e.failureReason !== undefined ? { FailureReason: e.failureReason } : {}),
      ...(e.pendingConfigName !== undefined
        ? { PendingDeploymentSummary: { EndpointConfigName: e.pendingConfigName, StartTime: CREATED } }
        : {}),
    };
  }

  async describeEndpointConfig(name: string): Promise<DescribeEndpointConfigOutput | undefined> {
    this.enter('describeEndpointConfig', name);
    const config = this.configs.get(key(name));
    if (config === undefined) return undefined;
    const { Tags, ...members } = structuredClone(config);
    return {
      ...members,
      EndpointConfigArn: arnOf('endpoint-config', config.EndpointConfigName),
      CreationTime: CREATED,
    };
  }

  async listInferenceComponents(endpointName: string): Promise<InferenceComponentSummary[]> {
    this.enter('listInferenceComponents', endpointName);
    return [...this.components.values()]
      .filter((c) => key(c.endpointName) === key(endpointName))
      .map((c) => ({
        InferenceComponentName: c.name,
        InferenceComponentArn: arnOf('inference-component', c.name),
        EndpointName: c.endpointName,
        EndpointArn: arnOf('endpoint', c.endpointName),
        VariantName: c.variantName,
        CreationTime: CREATED,
        LastModifiedTime: CREATED,
      }));
  }

  async describeInferenceComponent(name: string): Promise<DescribeInferenceComponentOutput | undefined> {
    this.enter('describeInferenceComponent', name);
    const c = this.components.get(key(name));
    if (c === undefined) return undefined;
    return {
      InferenceComponentName: c.name,
      InferenceComponentArn: arnOf('inference-component', c.name),
      EndpointName: c.endpointName,
      EndpointArn: arnOf('endpoint', c.endpointName),
      VariantName: c.variantName,
      Specification: { ModelName: c.modelName },
      CreationTime: CREATED,
      LastModifiedTime: CREATED,
    };
  }

  async createModel(input: CreateModelInput): Promise<CreateOutcome> {
    this.enter('createModel', input);
    const name = this.validName(input.ModelName);
    this.validTags(input.Tags);
    if (this.models.has(key(name))) return 'exists';
    this.seedModel({ ...input, ModelName: name });
    return 'created';
  }

  async createEndpointConfig(input: CreateEndpointConfigInput): Promise<CreateOutcome> {
    this.enter('createEndpointConfig', input);
    const name = this.validName(input.EndpointConfigName);
    this.validTags(input.Tags);
    for (const variant of [...(input.ProductionVariants ?? []), ...(input.ShadowProductionVariants ?? [])]) {
      const model = variant.ModelName ? this.models.get(key(variant.ModelName)) : undefined;
      if (variant.ModelName && model === undefined) {
        throw new AwsValidationError(`Could not find model "${arnOf('model', variant.ModelName)}".`);
      }
      if (model?.EnableNetworkIsolation && variant.ServerlessConfig) {
        throw new AwsValidationError('Serverless endpoints do not support network isolation.');
      }
    }
    if (this.configs.has(key(name))) return 'exists';
    this.seedConfig({ ...input, EndpointConfigName: name });
    return 'created';
  }

  async updateEndpoint(input: UpdateEndpointInput): Promise<void> {
    this.enter('updateEndpoint', input);
    const endpoint = this.endpoints.get(key(input.EndpointName ?? ''));
    if (endpoint === undefined)
      throw new EndpointNotFoundError(`Could not find endpoint "${input.EndpointName}".`);
    if (['Creating', 'Updating', 'SystemUpdating', 'RollingBack', 'Deleting'].includes(endpoint.status)) {
      throw new EndpointBusyError(
        `Cannot update in-progress endpoint "${arnOf('endpoint', endpoint.name)}".`,
      );
    }
    const config = this.configs.get(key(input.EndpointConfigName ?? ''));
    if (config === undefined) {
      throw new AwsValidationError(`Could not find endpoint configuration "${input.EndpointConfigName}".`);
    }
    this.updates.push(structuredClone(input));
    endpoint.status = 'Updating';
    endpoint.pendingConfigName = config.EndpointConfigName;
  }

  async deleteModel(name: string): Promise<DeleteOutcome> {
    this.enter('deleteModel', name);
    const model = this.models.get(key(name));
    if (model === undefined) return 'absent';
    this.guardDelete(arnOf('model', model.ModelName));
    this.models.delete(key(name));
    this.tags.delete(arnOf('model', model.ModelName));
    return 'deleted';
  }

  async deleteEndpointConfig(name: string): Promise<DeleteOutcome> {
    this.enter('deleteEndpointConfig', name);
    const config = this.configs.get(key(name));
    if (config === undefined) return 'absent';
    this.guardDelete(arnOf('endpoint-config', config.EndpointConfigName));
    this.configs.delete(key(name));
    this.tags.delete(arnOf('endpoint-config', config.EndpointConfigName));
    return 'deleted';
  }

  async addTags(arn: string, tags: Tag[]): Promise<void> {
    this.enter('addTags', { arn, tags });
    const existing = this.tags.get(arn);
    if (existing === undefined) throw new AwsValidationError(`Could not find resource "${arn}".`);
    const merged = [...existing.filter((t) => !tags.some((n) => n.Key === t.Key)), ...structuredClone(tags)];
    this.validTags(merged);
    this.tags.set(arn, merged);
  }

  // ---- helpers ----

  private enter(op: keyof SageMakerPort, arg: unknown): void {
    this.calls.push({ op, arg });
    const queued = this.failures.get(op);
    const next = queued?.shift();
    if (next !== undefined) throw next;
  }

  private mustEndpoint(name: string): StoredEndpoint {
    const endpoint = this.endpoints.get(key(name));
    if (endpoint === undefined) throw new Error(`fake: no endpoint ${name}`);
    return endpoint;
  }

  private validName(name: string | undefined): string {
    if (name === undefined || !RESOURCE_NAME_PATTERN.test(name)) {
      throw new AwsValidationError(
        `1 validation error detected: Value '${name}' failed to satisfy constraint`,
      );
    }
    return name;
  }

  private validTags(tags: readonly Tag[] | undefined): void {
    const user = (tags ?? []).filter((t) => !t.Key?.toLowerCase().startsWith('aws:'));
    if (user.length > 50) throw new AwsValidationError('Resources can have at most 50 tags.');
  }

  private guardDelete(arn: string): void {
    if (!this.requireSupersededTag) return;
    if (!(this.tags.get(arn) ?? []).some((t) => t.Key === TAG_SUPERSEDED_BY)) {
      throw new AccessDeniedError(`not authorized to delete ${arn}: it is not tagged ${TAG_SUPERSEDED_BY}`);
    }
  }
}
