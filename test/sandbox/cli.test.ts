import { describe, expect, it } from 'vitest';
import { aws } from './cli-helpers.ts';
import { configInput, modelInput, sandbox, singleEndpointScenario } from './helpers.ts';

const ARN = 'arn:aws:sagemaker:us-east-1:111122223333';

function parseJson(text: string): unknown {
  return JSON.parse(text);
}

describe('the AWS CLI v2 against the sandbox', () => {
  it('lists every model with its automatic pagination', async () => {
    // Prepare
    const names = Array.from({ length: 23 }, (_, i) => `cli-model-${String(i).padStart(2, '0')}`);
    const sb = await sandbox({ scenario: { models: names.map((n) => modelInput(n)) } });

    // Act
    const byDefault = await aws(sb, [
      'sagemaker',
      'list-models',
      '--query',
      'Models[].ModelName',
      '--output',
      'json',
    ]);
    const bySix = await aws(sb, ['sagemaker', 'list-models', '--page-size', '6', '--output', 'json']);

    // Assess
    expect(byDefault.code).toBe(0);
    expect(parseJson(byDefault.stdout)).toEqual([...names].reverse());
    expect(bySix.code).toBe(0);
    expect(parseJson(bySix.stdout)).toEqual({
      Models: [...names].reverse().map((n) => ({
        ModelName: n,
        ModelArn: `${ARN}:model/${n}`,
        CreationTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/),
      })),
    });
    const calls = sb.requestLog.filter((e) => e.operation === 'ListModels');
    expect(calls).toHaveLength(3 + 4);
  });

  it('describes a model', async () => {
    // Prepare
    const sb = await sandbox({
      scenario: {
        models: [
          modelInput('Fraud-Scorer', { PrimaryContainer: { Image: 'img:1', Environment: { A: '1' } } }),
        ],
      },
    });

    // Act
    const result = await aws(sb, [
      'sagemaker',
      'describe-model',
      '--model-name',
      'Fraud-Scorer',
      '--output',
      'json',
    ]);

    // Assess
    expect(result.code).toBe(0);
    expect(parseJson(result.stdout)).toMatchObject({
      ModelName: 'Fraud-Scorer',
      ModelArn: `${ARN}:model/fraud-scorer`,
      PrimaryContainer: { Image: 'img:1', Mode: 'SingleModel', Environment: { A: '1' } },
      EnableNetworkIsolation: false,
    });
  });

  it("prints a missing model's error as the real service's", async () => {
    // Prepare
    const sb = await sandbox();

    // Act
    const result = await aws(sb, ['sagemaker', 'describe-model', '--model-name', 'ghost']);

    // Assess
    expect(result.code).toBe(254);
    expect(result.stderr.trim()).toBe(
      `An error occurred (ValidationException) when calling the DescribeModel operation: Could not find model "${ARN}:model/ghost".`,
    );
  });

  it('updates an endpoint, then describes it Updating and, later, InService on the new config', async () => {
    // Prepare
    const base = singleEndpointScenario('live');
    const sb = await sandbox({
      scenario: {
        ...base,
        models: [...(base.models ?? []), modelInput('next-model')],
        endpointConfigs: [...(base.endpointConfigs ?? []), configInput('next-config', ['next-model'])],
      },
    });

    // Act
    const update = await aws(sb, [
      'sagemaker',
      'update-endpoint',
      '--endpoint-name',
      'live',
      '--endpoint-config-name',
      'next-config',
      '--output',
      'json',
    ]);
    const updating = await aws(sb, [
      'sagemaker',
      'describe-endpoint',
      '--endpoint-name',
      'live',
      '--output',
      'json',
    ]);
    sb.clock.advance(60);
    const done = await aws(sb, [
      'sagemaker',
      'describe-endpoint',
      '--endpoint-name',
      'live',
      '--output',
      'json',
    ]);

    // Assess
    expect(update.code).toBe(0);
    expect(parseJson(update.stdout)).toEqual({ EndpointArn: `${ARN}:endpoint/live` });
    expect(parseJson(updating.stdout)).toMatchObject({
      EndpointStatus: 'Updating',
      EndpointConfigName: 'live-config',
      PendingDeploymentSummary: { EndpointConfigName: 'next-config' },
    });
    expect(parseJson(done.stdout)).toMatchObject({
      EndpointStatus: 'InService',
      EndpointConfigName: 'next-config',
    });
  });
});
