import { DescribeModelCommand, ListModelsCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { jsonRpcService, ServiceError } from '../../src/local/service.ts';
import { failure, modelInput, rawCall, sandboxWithClient } from './helpers.ts';

describe('the wire protocol', () => {
  it('answers an unknown SageMaker operation as a JSON service does, and logs it', async () => {
    // Prepare
    const { sb } = await sandboxWithClient();

    // Act
    const raw = await rawCall(sb, 'SageMaker.DescribeUnicorn', '{}');

    // Assess
    expect(raw.status).toBe(400);
    expect(raw.json).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    expect(sb.requestLog).toEqual([
      expect.objectContaining({
        service: 'sagemaker',
        operation: 'DescribeUnicorn',
        status: 400,
        errorCode: 'UnknownOperationException',
      }),
    ]);
  });

  it('answers a target no service claims, and a path no REST service claims', async () => {
    // Prepare
    const { sb } = await sandboxWithClient();

    // Act
    const target = await rawCall(sb, 'Kinesis_20131202.ListStreams', '{}');
    const rest = await fetch(`${sb.url}/nothing/here`);

    // Assess
    expect(target.status).toBe(400);
    expect(target.json).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    expect(rest.status).toBe(404);
    expect(rest.headers.get('x-amzn-errortype')).toBe('UnknownOperationException');
    expect(sb.requestLog.map((e) => [e.service, e.status])).toEqual([
      ['unknown', 400],
      ['unknown', 404],
    ]);
  });

  it('answers a body that is not JSON with SerializationException', async () => {
    // Prepare
    const { sb } = await sandboxWithClient();

    // Act
    const raw = await rawCall(sb, 'SageMaker.ListModels', '{not json');

    // Assess
    expect(raw.status).toBe(400);
    expect(raw.json).toMatchObject({ __type: 'com.amazon.coral.service#SerializationException' });
  });

  it('records rejected calls in the request log with their input', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient();

    // Act
    await failure(sm.send(new DescribeModelCommand({ ModelName: 'missing' })));

    // Assess
    expect(sb.requestLog).toEqual([
      expect.objectContaining({
        service: 'sagemaker',
        operation: 'DescribeModel',
        status: 400,
        errorCode: 'ValidationException',
        input: { ModelName: 'missing' },
        at: sb.clock.now(),
      }),
    ]);
  });

  it('gives clients the environment and config to reach it', async () => {
    // Prepare
    const { sb } = await sandboxWithClient({ account: '444455556666', region: 'eu-west-1' });

    // Act
    const env = sb.env();
    const config = sb.clientConfig();

    // Assess
    expect(env).toMatchObject({
      AWS_ENDPOINT_URL: sb.url,
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
    });
    expect(env.AWS_ACCESS_KEY_ID).toBeTruthy();
    expect(env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
    expect(config).toMatchObject({ endpoint: sb.url, region: 'eu-west-1' });
    expect(sb.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sb.account).toBe('444455556666');
  });

  it('is reached by an SDK client configured only through the environment it hands out', async () => {
    // Prepare
    const { sb } = await sandboxWithClient({ models: [modelInput('from-env')] });
    const saved = { ...process.env };
    Object.assign(process.env, sb.env());

    // Act
    let listed: string[] | undefined;
    try {
      const client = new SageMakerClient({ maxAttempts: 1 });
      listed = (await client.send(new ListModelsCommand({}))).Models?.map((m) => m.ModelName ?? '');
    } finally {
      for (const key of Object.keys(sb.env())) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }

    // Assess
    expect(listed).toEqual(['from-env']);
  });

  it('turns a bug in a service into a 500 InternalFailure, and keeps serving', async () => {
    // Prepare: a registered service with one broken and one working operation
    const { sb } = await sandboxWithClient();
    sb.registerService(
      jsonRpcService({
        name: 'fragile',
        targetPrefix: 'Fragile',
        version: '1.1',
        operations: {
          Break: () => {
            throw new TypeError('boom');
          },
          Refuse: () => {
            throw new ServiceError('ResourceNotFoundException', 'no such thing');
          },
        },
      }),
    );

    // Act
    const broken = await rawCall(sb, 'Fragile.Break', '{}');
    const refused = await rawCall(sb, 'Fragile.Refuse', '{}');
    const sagemaker = await rawCall(sb, 'SageMaker.ListModels', '{}');

    // Assess
    expect(broken.status).toBe(500);
    expect(broken.json).toMatchObject({ __type: 'InternalFailure' });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({ __type: 'ResourceNotFoundException', message: 'no such thing' });
    expect(sagemaker.json).toEqual({ Models: [] });
  });
});
