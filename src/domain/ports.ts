/**
 * What the domain needs from AWS, as interfaces: `src/aws` implements them over the SDK, tests and the
 * sandbox runner inject them. Only SDK *types* are imported here, never runtime code.
 * Every method translates SDK errors into the named errors of `errors.ts`.
 */
import type {
  CreateEndpointConfigInput,
  CreateModelInput,
  DescribeEndpointConfigOutput,
  DescribeEndpointOutput,
  DescribeInferenceComponentOutput,
  DescribeModelOutput,
  EndpointSummary,
  InferenceComponentSummary,
  ModelSummary,
  Tag,
  UpdateEndpointInput,
} from '@aws-sdk/client-sagemaker';
import type { FindingRef } from './request.ts';

export type CreateOutcome = 'created' | 'exists';
export type DeleteOutcome = 'deleted' | 'absent';

export interface SageMakerPort {
  /** `undefined` when the model does not exist. */
  describeModel(name: string): Promise<DescribeModelOutput | undefined>;
  listTags(arn: string): Promise<Tag[]>;
  /** Every model, all pages. */
  listModels(): Promise<ModelSummary[]>;
  /** Every endpoint, all pages. */
  listEndpoints(): Promise<EndpointSummary[]>;
  describeEndpoint(name: string): Promise<DescribeEndpointOutput | undefined>;
  describeEndpointConfig(name: string): Promise<DescribeEndpointConfigOutput | undefined>;
  listInferenceComponents(endpointName: string): Promise<InferenceComponentSummary[]>;
  /**
   * `undefined` when the component does not exist. Its summary does not name the model: only the
   * description's `Specification.ModelName` tells which model an inference-component endpoint serves.
   */
  describeInferenceComponent(name: string): Promise<DescribeInferenceComponentOutput | undefined>;
  /** 'exists' when a resource of that name already exists: the caller compares it with what it wanted. */
  createModel(input: CreateModelInput): Promise<CreateOutcome>;
  createEndpointConfig(input: CreateEndpointConfigInput): Promise<CreateOutcome>;
  /** Throws EndpointBusyError while the endpoint is Creating/Updating/SystemUpdating. */
  updateEndpoint(input: UpdateEndpointInput): Promise<void>;
  deleteModel(name: string): Promise<DeleteOutcome>;
  deleteEndpointConfig(name: string): Promise<DeleteOutcome>;
  addTags(arn: string, tags: Tag[]): Promise<void>;
}

/** Every read of SageMakerPort and no write: what planning may call. */
export type SageMakerReader = Pick<
  SageMakerPort,
  | 'describeModel'
  | 'listTags'
  | 'listModels'
  | 'listEndpoints'
  | 'describeEndpoint'
  | 'describeEndpointConfig'
  | 'listInferenceComponents'
  | 'describeInferenceComponent'
>;

export type FindingWorkflowStatus = 'NEW' | 'NOTIFIED' | 'RESOLVED' | 'SUPPRESSED';

export interface FindingUpdate {
  status: FindingWorkflowStatus;
  /** At most 512 characters (both APIs); builders truncate. */
  note: string;
}

export interface SecurityHubPort {
  /** BatchUpdateFindings for ASFF refs, BatchUpdateFindingsV2 for OCSF refs; FindingUpdateError if unprocessed. */
  updateFinding(ref: FindingRef, update: FindingUpdate): Promise<void>;
}
