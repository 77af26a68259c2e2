/**
 * The emulated SageMaker control plane: AWS JSON 1.1 over `X-Amz-Target: SageMaker.<Operation>`, the
 * operations sm5 uses, and the same functions seed the account from a scenario.
 */
import type { FaultController } from '../faults.ts';
import { jsonRpcService, type SandboxService } from '../service.ts';
import type { SandboxStore } from '../store.ts';
import type { SageMakerContext } from './context.ts';
import {
  createEndpointConfig,
  deleteEndpointConfig,
  describeEndpointConfig,
  listEndpointConfigs,
} from './endpoint-configs.ts';
import {
  createEndpoint,
  deleteEndpoint,
  describeEndpoint,
  listEndpoints,
  updateEndpoint,
} from './endpoints.ts';
import {
  createInferenceComponent,
  describeInferenceComponent,
  listInferenceComponents,
} from './inference-components.ts';
import { createModel, deleteModel, describeModel, listModels } from './models.ts';
import { addTags, deleteTags, listTags } from './tags.ts';

export function sageMakerContext(store: SandboxStore, faults: FaultController): SageMakerContext {
  return { store, state: store.sagemaker, faults };
}

export const SAGEMAKER_OPERATIONS = [
  'CreateModel',
  'DescribeModel',
  'ListModels',
  'DeleteModel',
  'CreateEndpointConfig',
  'DescribeEndpointConfig',
  'ListEndpointConfigs',
  'DeleteEndpointConfig',
  'CreateEndpoint',
  'DescribeEndpoint',
  'ListEndpoints',
  'UpdateEndpoint',
  'DeleteEndpoint',
  'AddTags',
  'ListTags',
  'DeleteTags',
  'CreateInferenceComponent',
  'DescribeInferenceComponent',
  'ListInferenceComponents',
] as const;

export function createSageMakerService(ctx: SageMakerContext): SandboxService {
  const operations: Record<
    (typeof SAGEMAKER_OPERATIONS)[number],
    (input: Record<string, unknown>) => unknown
  > = {
    CreateModel: (input) => createModel(ctx, input),
    DescribeModel: (input) => describeModel(ctx, input),
    ListModels: (input) => listModels(ctx, input),
    DeleteModel: (input) => deleteModel(ctx, input),
    CreateEndpointConfig: (input) => createEndpointConfig(ctx, input),
    DescribeEndpointConfig: (input) => describeEndpointConfig(ctx, input),
    ListEndpointConfigs: (input) => listEndpointConfigs(ctx, input),
    DeleteEndpointConfig: (input) => deleteEndpointConfig(ctx, input),
    CreateEndpoint: (input) => createEndpoint(ctx, input),
    DescribeEndpoint: (input) => describeEndpoint(ctx, input),
    ListEndpoints: (input) => listEndpoints(ctx, input),
    UpdateEndpoint: (input) => updateEndpoint(ctx, input),
    DeleteEndpoint: (input) => deleteEndpoint(ctx, input),
    AddTags: (input) => addTags(ctx, input),
    ListTags: (input) => listTags(ctx, input),
    DeleteTags: (input) => deleteTags(ctx, input),
    CreateInferenceComponent: (input) => createInferenceComponent(ctx, input),
    DescribeInferenceComponent: (input) => describeInferenceComponent(ctx, input),
    ListInferenceComponents: (input) => listInferenceComponents(ctx, input),
  };
  return jsonRpcService({ name: 'sagemaker', targetPrefix: 'SageMaker', version: '1.1', operations });
}
