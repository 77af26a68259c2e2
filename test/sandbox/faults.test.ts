import {
  DescribeEndpointCommand,
  DescribeModelCommand,
  ListModelsCommand,
  UpdateEndpointCommand,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import { jsonRpcService } from '../../src/local/service.ts';
import {
  configInput,
  failure,
  modelInput,
  sageMakerClient,
  sandboxWithClient,
  singleEndpointScenario,
} from './helpers.ts';

describe('rate limits', () => {
  it('throttles an operation beyond its rate with ThrottlingException, leaving other operations alone', async () => {
    // Prepare: two calls allowed, then one per 1000 s
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('m')],
      faults: {
        rules: [{ service: 'sagemaker', operation: 'DescribeModel', ratePerSecond: 0.001, burst: 2 }],
      },
    });

    // Act
    await sm.send(new DescribeModelCommand({ ModelName: 'm' }));
    await sm.send(new DescribeModelCommand({ ModelName: 'm' }));
    const throttled = await failure(sm.send(new DescribeModelCommand({ ModelName: 'm' })));
    const other = await sm.send(new ListModelsCommand({}));

    // Assess
    expect(throttled.name).toBe('ThrottlingException');
    expect(throttled.message).toBe('Rate exceeded');
    expect(throttled.$metadata.httpStatusCode).toBe(400);
    expect(other.Models).toHaveLength(1);
    expect(sb.requestLog.map((e) => [e.operation, e.status, e.errorCode])).toEqual([
      ['DescribeModel', 200, undefined],
      ['DescribeModel', 200, undefined],
      ['DescribeModel', 400, 'ThrottlingException'],
      ['ListModels', 200, undefined],
    ]);
  });

  it("gives every operation its own bucket under an operation '*' rule", async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({ models: [modelInput('m')] });
    sb.faults.setRateLimit({ service: 'sagemaker' }, 0.001, 1);

    // Act
    await sm.send(new DescribeModelCommand({ ModelName: 'm' }));
    await sm.send(new ListModelsCommand({}));
    const describeAgain = await failure(sm.send(new DescribeModelCommand({ ModelName: 'm' })));
    const listAgain = await failure(sm.send(new ListModelsCommand({})));
    sb.faults.setRateLimit({ service: 'sagemaker' }, null);
    const afterRemoval = await sm.send(new ListModelsCommand({}));

    // Assess
    expect(describeAgain.name).toBe('ThrottlingException');
    expect(listAgain.name).toBe('ThrottlingException');
    expect(afterRemoval.Models).toHaveLength(1);
  });

  it('lets the SDK retry a throttled call to success', async () => {
    // Prepare
    const { sb } = await sandboxWithClient({ models: [modelInput('m')] });
    sb.faults.failNext(
      { operation: 'DescribeModel' },
      { code: 'ThrottlingException', message: 'Rate exceeded' },
    );
    const sm = sageMakerClient(sb, 3);

    // Act
    const described = await sm.send(new DescribeModelCommand({ ModelName: 'm' }));

    // Assess
    expect(described.ModelName).toBe('m');
    expect(described.$metadata.attempts).toBe(2);
    expect(sb.requestLog.map((e) => e.errorCode)).toEqual(['ThrottlingException', undefined]);
  });
});

describe('scripted errors and latency', () => {
  it('fails only the calls that match, as many times as asked', async () => {
    // Prepare
    const base = singleEndpointScenario('a');
    const { sm } = await sandboxWithClient({
      ...base,
      endpointConfigs: [...(base.endpointConfigs ?? []), configInput('b-config', ['a-model'])],
      endpoints: [...(base.endpoints ?? []), { EndpointName: 'b', EndpointConfigName: 'b-config' }],
      faults: {
        errors: [
          {
            operation: 'DescribeEndpoint',
            match: { EndpointName: 'b' },
            code: 'InternalFailure',
            message: 'We encountered an internal error.',
            status: 500,
            count: 2,
          },
        ],
      },
    });

    // Act
    const a = await sm.send(new DescribeEndpointCommand({ EndpointName: 'a' }));
    const first = await failure(sm.send(new DescribeEndpointCommand({ EndpointName: 'b' })));
    const second = await failure(sm.send(new DescribeEndpointCommand({ EndpointName: 'b' })));
    const third = await sm.send(new DescribeEndpointCommand({ EndpointName: 'b' }));

    // Assess
    expect(a.EndpointName).toBe('a');
    expect(first.name).toBe('InternalFailure');
    expect(first.$metadata.httpStatusCode).toBe(500);
    expect(second.name).toBe('InternalFailure');
    expect(third.EndpointName).toBe('b');
  });

  it('delays the calls of an operation by its latency', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      faults: { rules: [{ service: 'sagemaker', operation: 'ListModels', latencyMs: 80 }] },
    });

    // Act
    await sm.send(new ListModelsCommand({}));

    // Assess: a lower bound only (timers never fire early by more than a millisecond)
    expect(sb.requestLog[0]?.durationMs).toBeGreaterThanOrEqual(75);
    expect(sb.faults.latencyFor('sagemaker', 'ListModels')).toBe(80);
    expect(sb.faults.latencyFor('sagemaker', 'DescribeModel')).toBe(0);
  });

  it('clears every fault on reset', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      ...singleEndpointScenario('live'),
      faults: {
        latencyMs: 5,
        rules: [{ ratePerSecond: 0.001, burst: 1 }],
        errors: [{ operation: 'ListModels', code: 'ThrottlingException' }],
      },
    });
    sb.faults.failNextEndpointUpdate('live');

    // Act
    sb.faults.reset();
    await sm.send(new ListModelsCommand({}));
    await sm.send(new ListModelsCommand({}));
    await sm.send(new UpdateEndpointCommand({ EndpointName: 'live', EndpointConfigName: 'live-config' }));
    sb.clock.advance(60);
    const endpoint = await sm.send(new DescribeEndpointCommand({ EndpointName: 'live' }));

    // Assess
    expect(sb.requestLog.every((e) => e.errorCode === undefined)).toBe(true);
    expect(sb.faults.latencyFor('sagemaker', 'ListModels')).toBe(0);
    expect(endpoint.FailureReason).toBeUndefined();
  });

  it('applies faults to any registered service, rendered in its own protocol', async () => {
    // Prepare: a JSON 1.0 service plugged into the same port
    const { sb } = await sandboxWithClient();
    sb.registerService(
      jsonRpcService({
        name: 'echo',
        targetPrefix: 'Echo_1',
        version: '1.0',
        operations: { Say: (input) => ({ said: input.Text }) },
      }),
    );
    sb.faults.failNext(
      { service: 'echo', operation: 'Say' },
      { code: 'ThrottlingException', message: 'slow down' },
    );
    const call = () =>
      fetch(sb.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Echo_1.Say' },
        body: JSON.stringify({ Text: 'hi' }),
      });

    // Act
    const throttled = await call();
    const ok = await call();

    // Assess
    expect(throttled.status).toBe(400);
    expect(throttled.headers.get('content-type')).toBe('application/x-amz-json-1.0');
    expect(await throttled.json()).toEqual({ __type: 'ThrottlingException', message: 'slow down' });
    expect(await ok.json()).toEqual({ said: 'hi' });
    expect(sb.requestLog.map((e) => [e.service, e.operation, e.status])).toEqual([
      ['echo', 'Say', 400],
      ['echo', 'Say', 200],
    ]);
  });
});
