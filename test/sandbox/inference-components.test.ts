import {
  CreateInferenceComponentCommand,
  DescribeInferenceComponentCommand,
  ListInferenceComponentsCommand,
  ListTagsCommand,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import {
  failure,
  IMAGE,
  type ModelRequest,
  modelInput,
  ROLE,
  sandboxWithClient,
  singleEndpointScenario,
} from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333';

/** `gateway` is an InService endpoint whose only variant names no model: inference components go there. */
function gatewayScenario(model: Partial<ModelRequest> = {}): ScenarioInput {
  const classic = singleEndpointScenario('classic');
  return {
    models: [...(classic.models ?? []), modelInput('llm', model)],
    endpointConfigs: [
      ...(classic.endpointConfigs ?? []),
      {
        EndpointConfigName: 'gateway-config',
        ExecutionRoleArn: ROLE,
        ProductionVariants: [
          { VariantName: 'AllTraffic', InstanceType: 'ml.g5.2xlarge', InitialInstanceCount: 1 },
        ],
      },
    ],
    endpoints: [
      ...(classic.endpoints ?? []),
      { EndpointName: 'gateway', EndpointConfigName: 'gateway-config' },
    ],
  };
}

const spec = { ModelName: 'llm', ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 } };

describe('inference components', () => {
  it('creates one on a model-less variant; it is InService after the transition', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(gatewayScenario());

    // Act
    const created = await sm.send(
      new CreateInferenceComponentCommand({
        InferenceComponentName: 'llm-ic',
        EndpointName: 'gateway',
        VariantName: 'AllTraffic',
        Specification: spec,
        RuntimeConfig: { CopyCount: 2 },
        Tags: [{ Key: 'team', Value: 'genai' }],
      }),
    );
    const creating = await sm.send(
      new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-ic' }),
    );
    sb.clock.advance(60);
    const ready = await sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-ic' }));
    const tags = await sm.send(new ListTagsCommand({ ResourceArn: created.InferenceComponentArn }));

    // Assess
    expect(created.InferenceComponentArn).toBe(`${ARN}:inference-component/llm-ic`);
    expect(creating.InferenceComponentStatus).toBe('Creating');
    expect(ready).toMatchObject({
      InferenceComponentName: 'llm-ic',
      EndpointName: 'gateway',
      EndpointArn: `${ARN}:endpoint/gateway`,
      VariantName: 'AllTraffic',
      InferenceComponentStatus: 'InService',
      Specification: {
        ModelName: 'llm',
        ComputeResourceRequirements: { MinMemoryRequiredInMb: 1024 },
        Container: { DeployedImage: { SpecifiedImage: IMAGE } },
      },
      RuntimeConfig: { DesiredCopyCount: 2, CurrentCopyCount: 2 },
    });
    expect(tags.Tags).toEqual([{ Key: 'team', Value: 'genai' }]);
  });

  it('fails when an isolated model needs the network', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient(
      gatewayScenario({
        EnableNetworkIsolation: true,
        PrimaryContainer: { Image: IMAGE, Environment: { HF_MODEL_ID: 'org/model' } },
      }),
    );

    // Act
    await sm.send(
      new CreateInferenceComponentCommand({
        InferenceComponentName: 'llm-ic',
        EndpointName: 'gateway',
        VariantName: 'AllTraffic',
        Specification: spec,
      }),
    );
    sb.clock.advance(60);
    const failed = await sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'llm-ic' }));

    // Assess
    expect(failed.InferenceComponentStatus).toBe('Failed');
    expect(failed.FailureReason).toMatch(/did not pass the ping health check/);
  });

  it('refuses a variant that serves a model, a missing model and a duplicate name', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      ...gatewayScenario(),
      inferenceComponents: [
        {
          InferenceComponentName: 'seeded',
          EndpointName: 'gateway',
          VariantName: 'AllTraffic',
          Specification: spec,
        },
      ],
    });
    const base = { EndpointName: 'gateway', VariantName: 'AllTraffic', Specification: spec };

    // Act
    const onModelVariant = await failure(
      sm.send(
        new CreateInferenceComponentCommand({
          ...base,
          InferenceComponentName: 'x',
          EndpointName: 'classic',
        }),
      ),
    );
    const missingModel = await failure(
      sm.send(
        new CreateInferenceComponentCommand({
          ...base,
          InferenceComponentName: 'y',
          Specification: { ...spec, ModelName: 'ghost' },
        }),
      ),
    );
    const duplicate = await failure(
      sm.send(new CreateInferenceComponentCommand({ ...base, InferenceComponentName: 'Seeded' })),
    );
    const noEndpoint = await failure(
      sm.send(
        new CreateInferenceComponentCommand({
          ...base,
          InferenceComponentName: 'z',
          EndpointName: 'nowhere',
        }),
      ),
    );

    // Assess
    expect(onModelVariant.name).toBe('ValidationException');
    expect(missingModel.message).toBe(`Could not find model "${ARN}:model/ghost".`);
    expect(duplicate.message).toBe(
      `Cannot create already existing inference component "${ARN}:inference-component/seeded".`,
    );
    expect(noEndpoint.message).toBe(`Could not find endpoint "${ARN}:endpoint/nowhere".`);
  });

  it('lists components filtered by endpoint, seeded ones InService', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      ...gatewayScenario(),
      inferenceComponents: ['b-ic', 'a-ic'].map((name) => ({
        InferenceComponentName: name,
        EndpointName: 'gateway',
        VariantName: 'AllTraffic',
        Specification: spec,
      })),
    });

    // Act
    const listed = await sm.send(
      new ListInferenceComponentsCommand({
        EndpointNameEquals: 'gateway',
        SortBy: 'Name',
        SortOrder: 'Ascending',
      }),
    );
    const elsewhere = await sm.send(new ListInferenceComponentsCommand({ EndpointNameEquals: 'classic' }));
    const missing = await failure(
      sm.send(new DescribeInferenceComponentCommand({ InferenceComponentName: 'nope' })),
    );

    // Assess
    expect(
      listed.InferenceComponents?.map((c) => [
        c.InferenceComponentName,
        c.InferenceComponentStatus,
        c.VariantName,
      ]),
    ).toEqual([
      ['a-ic', 'InService', 'AllTraffic'],
      ['b-ic', 'InService', 'AllTraffic'],
    ]);
    expect(elsewhere.InferenceComponents).toEqual([]);
    expect(missing.message).toBe(`Could not find inference component "${ARN}:inference-component/nope".`);
  });
});
