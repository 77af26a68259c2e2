/** Shared set-up for the sandbox tests: real SDK clients over HTTP, and small scenario builders. */
import {
  SageMakerClient,
  SageMakerServiceException,
  type CreateEndpointConfigInput as SdkEndpointConfigInput,
} from '@aws-sdk/client-sagemaker';
import { afterEach, expect } from 'vitest';
import type * as z from 'zod';
import type { CreateEndpointConfigInput, CreateModelInput } from '../../src/local/sagemaker/shapes.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/local/sandbox.ts';
import type { ScenarioInput } from '../../src/local/scenario.ts';

export type ModelRequest = z.input<typeof CreateModelInput>;
export type ConfigRequest = z.input<typeof CreateEndpointConfigInput>;

const running: Sandbox[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.stop()));
});

/** A sandbox stopped automatically after the test. */
export async function sandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const started = await startSandbox(options);
  running.push(started);
  return started;
}

/** One attempt per call, so a test sees the service's answer rather than the SDK's retries. */
export function sageMakerClient(target: Sandbox, maxAttempts = 1): SageMakerClient {
  return new SageMakerClient({ ...target.clientConfig(), maxAttempts });
}

export async function sandboxWithClient(
  scenario: ScenarioInput = {},
  options: Omit<SandboxOptions, 'scenario'> = {},
): Promise<{ sb: Sandbox; sm: SageMakerClient }> {
  const sb = await sandbox({ ...options, scenario });
  return { sb, sm: sageMakerClient(sb) };
}

/** The SDK error a call failed with; fails the test when the call succeeds. */
export async function failure(call: Promise<unknown>): Promise<SageMakerServiceException> {
  try {
    await call;
  } catch (e) {
    if (e instanceof SageMakerServiceException) return e;
    throw e;
  }
  expect.fail('expected the call to fail');
}

/** A raw JSON 1.1 call, to look at the wire itself. */
export async function rawCall(
  target: Sandbox,
  amzTarget: string,
  body: string,
): Promise<{ status: number; contentType: string | null; json: unknown }> {
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': amzTarget },
    body,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    json: text === '' ? undefined : JSON.parse(text),
  };
}

export const ROLE = 'arn:aws:iam::111122223333:role/service-role/sm-exec';
export const IMAGE = '111122223333.dkr.ecr.us-east-1.amazonaws.com/scorer:1.0';

export function modelInput(name: string, extra: Partial<ModelRequest> = {}): ModelRequest {
  return {
    ModelName: name,
    PrimaryContainer: { Image: IMAGE, ModelDataUrl: `s3://artifacts/${name}/model.tar.gz` },
    ExecutionRoleArn: ROLE,
    ...extra,
  };
}

export function configInput(
  name: string,
  models: readonly string[],
  extra: Partial<ConfigRequest & SdkEndpointConfigInput> = {},
): ConfigRequest & SdkEndpointConfigInput {
  return {
    EndpointConfigName: name,
    ProductionVariants: models.map((model, i) => ({
      VariantName: i === 0 ? 'AllTraffic' : `Variant${i + 1}`,
      ModelName: model,
      InstanceType: 'ml.m5.large' as const,
      InitialInstanceCount: 1,
      InitialVariantWeight: 1,
    })),
    ...extra,
  };
}

/** One model, one config and one InService endpoint, all named after `name`. */
export function singleEndpointScenario(name: string, model: Partial<ModelRequest> = {}): ScenarioInput {
  return {
    models: [modelInput(`${name}-model`, model)],
    endpointConfigs: [configInput(`${name}-config`, [`${name}-model`])],
    endpoints: [{ EndpointName: name, EndpointConfigName: `${name}-config` }],
  };
}
