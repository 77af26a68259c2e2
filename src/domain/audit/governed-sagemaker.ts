/** A SageMakerPort whose every call is paced by a RateGovernor under its API operation's name. */
import type { ModelSummary } from '@aws-sdk/client-sagemaker';
import type { SageMakerPort } from '../ports.ts';
import type { RateGovernor } from './rate-governor.ts';

export interface ModelPage {
  models: ModelSummary[];
  nextToken: string | undefined;
}

/**
 * What the audit reads. `listModelsPage` lets it describe the first models while later pages are still
 * being listed; without it the audit lists every model first (`listModels`).
 */
export interface AuditSageMakerPort extends SageMakerPort {
  listModelsPage?(nextToken: string | undefined): Promise<ModelPage>;
}

export function governedSageMaker(port: SageMakerPort, governor: RateGovernor): SageMakerPort {
  const { run } = governor;
  return {
    describeModel: (name) => run('DescribeModel', () => port.describeModel(name)),
    listTags: (arn) => run('ListTags', () => port.listTags(arn)),
    listModels: () => run('ListModels', () => port.listModels()),
    listEndpoints: () => run('ListEndpoints', () => port.listEndpoints()),
    describeEndpoint: (name) => run('DescribeEndpoint', () => port.describeEndpoint(name)),
    describeEndpointConfig: (name) => run('DescribeEndpointConfig', () => port.describeEndpointConfig(name)),
    listInferenceComponents: (endpointName) =>
      run('ListInferenceComponents', () => port.listInferenceComponents(endpointName)),
    describeInferenceComponent: (name) =>
      run('DescribeInferenceComponent', () => port.describeInferenceComponent(name)),
    createModel: (input) => run('CreateModel', () => port.createModel(input)),
    createEndpointConfig: (input) => run('CreateEndpointConfig', () => port.createEndpointConfig(input)),
    updateEndpoint: (input) => run('UpdateEndpoint', () => port.updateEndpoint(input)),
    deleteModel: (name) => run('DeleteModel', () => port.deleteModel(name)),
    deleteEndpointConfig: (name) => run('DeleteEndpointConfig', () => port.deleteEndpointConfig(name)),
    addTags: (arn, tags) => run('AddTags', () => port.addTags(arn, tags)),
  };
}
