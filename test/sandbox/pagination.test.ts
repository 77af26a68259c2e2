import {
  CreateEndpointCommand,
  CreateModelCommand,
  DeleteModelCommand,
  ListEndpointConfigsCommand,
  ListEndpointsCommand,
  ListModelsCommand,
  type ModelSummary,
  paginateListEndpointConfigs,
  paginateListEndpoints,
  paginateListModels,
  type SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import type { ScenarioInput } from '../../src/local/scenario.ts';
import { configInput, failure, modelInput, sandboxWithClient } from './helpers.ts';

const START = Date.UTC(2024, 0, 1);

/** `count` models named model-000.. in creation order (seeding backdates them a minute apart). */
function manyModels(count: number): ScenarioInput {
  return {
    models: Array.from({ length: count }, (_, i) => modelInput(`model-${String(i).padStart(3, '0')}`)),
  };
}

async function allModelNames(sm: SageMakerClient, pageSize?: number): Promise<string[]> {
  const names: string[] = [];
  for await (const page of paginateListModels({ client: sm, ...(pageSize ? { pageSize } : {}) }, {})) {
    names.push(...(page.Models ?? []).map((m: ModelSummary) => m.ModelName ?? ''));
  }
  return names;
}

describe('list pagination', () => {
  it('returns 10 per page by default, newest first, with an opaque NextToken', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(manyModels(25), { startTime: START });

    // Act
    const first = await sm.send(new ListModelsCommand({}));

    // Assess
    expect(first.Models?.map((m) => m.ModelName)).toEqual(
      Array.from({ length: 10 }, (_, i) => `model-${String(24 - i).padStart(3, '0')}`),
    );
    expect(first.NextToken).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(first.NextToken).not.toContain('model-');
  });

  it('walks every model exactly once with the SDK paginator, whatever the page size', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(manyModels(57));
    const expected = Array.from({ length: 57 }, (_, i) => `model-${String(56 - i).padStart(3, '0')}`);

    // Act
    const byDefault = await allModelNames(sm);
    const bySeven = await allModelNames(sm, 7);
    const byHundred = await allModelNames(sm, 100);

    // Assess
    expect(byDefault).toEqual(expected);
    expect(bySeven).toEqual(expected);
    expect(byHundred).toEqual(expected);
  });

  it('paginates endpoints and endpoint configs too', async () => {
    // Prepare
    const names = Array.from({ length: 13 }, (_, i) => `ep-${String(i).padStart(2, '0')}`);
    const { sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: names.map((n) => configInput(`${n}-config`, ['m'])),
      endpoints: names.map((n) => ({ EndpointName: n, EndpointConfigName: `${n}-config` })),
    });

    // Act
    const endpoints: string[] = [];
    for await (const page of paginateListEndpoints(
      { client: sm, pageSize: 4 },
      { SortBy: 'Name', SortOrder: 'Ascending' },
    )) {
      endpoints.push(...(page.Endpoints ?? []).map((e) => e.EndpointName ?? ''));
    }
    const configs: string[] = [];
    for await (const page of paginateListEndpointConfigs(
      { client: sm, pageSize: 5 },
      { SortBy: 'Name', SortOrder: 'Ascending' },
    )) {
      configs.push(...(page.EndpointConfigs ?? []).map((c) => c.EndpointConfigName ?? ''));
    }

    // Assess
    expect(endpoints).toEqual(names);
    expect(configs).toEqual(names.map((n) => `${n}-config`));
  });

  it.each([0, 101])('rejects MaxResults %i', async (max) => {
    // Prepare
    const { sm } = await sandboxWithClient();

    // Act
    const error = await failure(sm.send(new ListModelsCommand({ MaxResults: max })));

    // Assess
    expect(error.name).toBe('ValidationException');
    expect(error.message).toBe(
      `1 validation error detected: Value '${max}' at 'maxResults' failed to satisfy constraint: Member must have value ${
        max === 0 ? 'greater than or equal to 1' : 'less than or equal to 100'
      }`,
    );
  });

  it('filters by NameContains, case-sensitively', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({
      models: [modelInput('fraud-a'), modelInput('Fraud-b'), modelInput('churn'), modelInput('anti-fraud')],
    });

    // Act
    const listed = await sm.send(
      new ListModelsCommand({ NameContains: 'fraud', SortBy: 'Name', SortOrder: 'Ascending' }),
    );

    // Assess
    expect(listed.Models?.map((m) => m.ModelName)).toEqual(['anti-fraud', 'fraud-a']);
  });

  it('sorts by name or creation time, either way', async () => {
    // Prepare
    const { sm } = await sandboxWithClient({ models: ['b', 'c', 'a'].map((n) => modelInput(n)) });

    // Act
    const nameAsc = await sm.send(new ListModelsCommand({ SortBy: 'Name', SortOrder: 'Ascending' }));
    const nameDesc = await sm.send(new ListModelsCommand({ SortBy: 'Name', SortOrder: 'Descending' }));
    const timeAsc = await sm.send(new ListModelsCommand({ SortBy: 'CreationTime', SortOrder: 'Ascending' }));

    // Assess
    expect(nameAsc.Models?.map((m) => m.ModelName)).toEqual(['a', 'b', 'c']);
    expect(nameDesc.Models?.map((m) => m.ModelName)).toEqual(['c', 'b', 'a']);
    expect(timeAsc.Models?.map((m) => m.ModelName)).toEqual(['b', 'c', 'a']);
  });

  it('filters by creation time, exclusive at both ends', async () => {
    // Prepare: seeded models are created a minute apart, ending a minute before START
    const { sm } = await sandboxWithClient(manyModels(5), { startTime: START });
    const minute = (n: number) => new Date(START - n * 60_000);

    // Act
    const listed = await sm.send(
      new ListModelsCommand({
        CreationTimeAfter: minute(5),
        CreationTimeBefore: minute(1),
        SortOrder: 'Ascending',
      }),
    );

    // Assess: model-000 at START-5min and model-004 at START-1min are excluded
    expect(listed.Models?.map((m) => m.ModelName)).toEqual(['model-001', 'model-002', 'model-003']);
    expect(listed.Models?.[0]?.CreationTime).toEqual(minute(4));
  });

  it('filters endpoints by status and sorts them by status', async () => {
    // Prepare
    const { sb, sm } = await sandboxWithClient({
      models: [modelInput('m')],
      endpointConfigs: [configInput('cfg', ['m'])],
      endpoints: [{ EndpointName: 'running', EndpointConfigName: 'cfg' }],
    });
    await sm.send(new CreateEndpointCommand({ EndpointName: 'starting', EndpointConfigName: 'cfg' }));

    // Act
    const creating = await sm.send(new ListEndpointsCommand({ StatusEquals: 'Creating' }));
    const byStatus = await sm.send(new ListEndpointsCommand({ SortBy: 'Status', SortOrder: 'Ascending' }));
    sb.clock.advance(60);
    const inService = await sm.send(
      new ListEndpointsCommand({ StatusEquals: 'InService', SortBy: 'Name', SortOrder: 'Ascending' }),
    );

    // Assess
    expect(creating.Endpoints?.map((e) => e.EndpointName)).toEqual(['starting']);
    expect(byStatus.Endpoints?.map((e) => e.EndpointStatus)).toEqual(['Creating', 'InService']);
    expect(inService.Endpoints?.map((e) => e.EndpointName)).toEqual(['running', 'starting']);
  });

  it('rejects a forged token and a token replayed with other parameters', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(manyModels(15));
    const first = await sm.send(new ListModelsCommand({ SortBy: 'Name' }));

    // Act
    const forged = await failure(sm.send(new ListModelsCommand({ NextToken: 'not-a-token' })));
    const replayed = await failure(
      sm.send(new ListModelsCommand({ SortBy: 'CreationTime', NextToken: first.NextToken })),
    );
    const otherList = await failure(
      sm.send(new ListEndpointConfigsCommand({ SortBy: 'Name', NextToken: first.NextToken })),
    );

    // Assess
    for (const error of [forged, replayed, otherList]) {
      expect(error.name).toBe('ValidationException');
      expect(error.message).toMatch(/^Invalid pagination token/);
    }
  });

  it('neither repeats nor skips models when some are deleted or created between pages', async () => {
    // Prepare
    const { sm } = await sandboxWithClient(manyModels(30));
    const first = await sm.send(
      new ListModelsCommand({ SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 10 }),
    );

    // Act: delete one already listed and one not yet listed, add one that sorts before the cursor
    await sm.send(new DeleteModelCommand({ ModelName: 'model-003' }));
    await sm.send(new DeleteModelCommand({ ModelName: 'model-020' }));
    await sm.send(new CreateModelCommand(modelInput('model-001a')));
    const rest: string[] = [];
    let token = first.NextToken;
    while (token !== undefined) {
      const page = await sm.send(
        new ListModelsCommand({ SortBy: 'Name', SortOrder: 'Ascending', MaxResults: 10, NextToken: token }),
      );
      rest.push(...(page.Models ?? []).map((m) => m.ModelName ?? ''));
      token = page.NextToken;
    }

    // Assess
    const expected = Array.from({ length: 20 }, (_, i) => `model-${String(i + 10).padStart(3, '0')}`).filter(
      (n) => n !== 'model-020',
    );
    expect(rest).toEqual(expected);
  });
});
