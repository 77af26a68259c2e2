/** The Lambda entry points: the task contract, and structured logs that carry the execution and the model. */

import type { DescribeEndpointOutput } from '@aws-sdk/client-sagemaker';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { SageMakerPort } from '../../src/domain/ports.ts';
import { WorkflowSettings } from '../../src/domain/workflow/settings.ts';
import { checkEndpointHandler } from '../../src/handlers/check-endpoint.ts';
import { JsonLogger } from '../../src/handlers/lib/logger.ts';
import { normalizeHandler } from '../../src/handlers/normalize.ts';
import { findingEvent, modelArn } from './helpers.ts';

const EXECUTION = 'arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:run-7';
const trace = { executionArn: EXECUTION, modelArn: modelArn('fraud') };

function described(EndpointStatus: DescribeEndpointOutput['EndpointStatus'], EndpointConfigName: string) {
  const at = new Date('2026-11-26T10:00:00Z');
  return {
    EndpointName: 'fraud-ep',
    EndpointArn: 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud-ep',
    EndpointStatus,
    EndpointConfigName,
    CreationTime: at,
    LastModifiedTime: at,
  };
}

/** A port whose only answer is the endpoint's description; any other call is a test failure. */
function endpointPort(description: DescribeEndpointOutput): SageMakerPort {
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  return {
    describeEndpoint: async () => description,
    describeModel: unexpected,
    listTags: unexpected,
    listModels: unexpected,
    listEndpoints: unexpected,
    describeEndpointConfig: unexpected,
    listInferenceComponents: unexpected,
    describeInferenceComponent: unexpected,
    createModel: unexpected,
    createEndpointConfig: unexpected,
    updateEndpoint: unexpected,
    deleteModel: unexpected,
    deleteEndpointConfig: unexpected,
    addTags: unexpected,
  };
}

/** The JSON lines a fresh logger writes while `act` runs. */
async function logsOf(act: (logger: JsonLogger) => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const lines: string[] = [];
  await act(new JsonLogger({ level: 'INFO', write: (line) => lines.push(line) })).catch(() => undefined);
  return lines.map((line) => JSON.parse(line));
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a step handler', () => {
  const input = { endpointName: 'fraud-ep', previousConfigName: 'old', newConfigName: 'new' };

  it('answers with the step output and logs it as JSON with the execution and model ARNs', async () => {
    // Prepare
    const sagemaker = endpointPort(described('InService', 'new'));
    let output: unknown;

    // Act
    const logs = await logsOf(async (logger) => {
      output = await checkEndpointHandler({ sagemaker, logger })({ trace, input });
    });

    // Assess
    expect(output).toMatchObject({ state: 'done', endpointName: 'fraud-ep', newConfigName: 'new' });
    expect(logs).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'CheckEndpoint done',
        service: 'sm5',
        step: 'CheckEndpoint',
        executionArn: EXECUTION,
        modelArn: modelArn('fraud'),
      }),
    ]);
  });

  it('throws the named domain error, logged with the same keys, for the workflow to catch', async () => {
    // Prepare: the endpoint is back on its old config
    const sagemaker = endpointPort(described('InService', 'old'));
    const handler = (logger: JsonLogger) => checkEndpointHandler({ sagemaker, logger })({ trace, input });

    // Act
    const logs = await logsOf(handler);

    // Assess
    await expect(handler(new JsonLogger({ level: 'SILENT' }))).rejects.toMatchObject({
      name: 'UpdateRolledBackError',
    });
    expect(logs).toEqual([
      expect.objectContaining({ level: 'ERROR', step: 'CheckEndpoint', executionArn: EXECUTION }),
    ]);
  });

  it('refuses an input that breaks the step schema with InvalidInputError', async () => {
    const handler = checkEndpointHandler({
      sagemaker: endpointPort(described('Updating', 'new')),
      logger: new JsonLogger({ level: 'SILENT' }),
    });
    await expect(handler({ trace, input: { ...input, extra: 1 } })).rejects.toMatchObject({
      name: 'InvalidInputError',
      message: expect.stringContaining('input'),
    });
    await expect(handler({ input })).rejects.toMatchObject({ name: 'InvalidInputError' });
  });

  it('normalizes an event into the run and the request (Normalize has no model yet)', async () => {
    const handler = normalizeHandler({
      settings: WorkflowSettings.parse({}),
      logger: new JsonLogger({ level: 'SILENT' }),
    });
    const output = await handler({
      trace: { executionArn: EXECUTION, modelArn: null },
      input: { event: findingEvent('fraud'), startTime: '2026-11-26T10:00:00Z', defaultMode: 'auto' },
    });
    expect(output).toMatchObject({ run: { mode: 'auto' }, request: { modelArn: modelArn('fraud') } });
  });
});
