/** Runs at the same time: duplicate findings for one model, and two models that share an endpoint. */
import { describe, expect, it } from 'vitest';
import {
  config,
  configNames,
  endpoint,
  findingEvent,
  finish,
  harness,
  locks,
  model,
  modelNames,
  outcomeOf,
  remediate,
  servingOf,
  start,
  statesEntered,
  taskErrors,
} from './helpers.ts';

describe('runs at the same time', () => {
  it('gives one remediation for ten duplicate findings; the nine duplicates succeed and name the run', async () => {
    // Prepare
    const h = await harness({
      models: [model('popular')],
      endpointConfigs: [config('popular-config', ['popular'])],
      endpoints: [endpoint('popular-ep', 'popular-config')],
    });

    // Act: ten executions for the same finding at once
    const arns = await Promise.all(Array.from({ length: 10 }, () => start(h, findingEvent('popular'))));
    const runs = await Promise.all(arns.map((arn) => finish(h, arn)));

    // Assess
    expect(runs.map((r) => r.result.status)).toEqual(Array(10).fill('SUCCEEDED'));
    const remediated = runs.filter((r) => statesEntered(r.history).includes('Retire'));
    const duplicates = runs.filter((r) => r.output.outcome === 'duplicate');
    expect(remediated).toHaveLength(1);
    expect(duplicates).toHaveLength(9);
    const owner = remediated[0]?.executionArn;
    expect(duplicates.map((d) => d.output.duplicateOf)).toEqual(Array(9).fill(owner));
    for (const duplicate of duplicates) {
      expect(statesEntered(duplicate.history)).not.toContain('Plan');
    }
    expect(await modelNames(h)).toEqual([expect.stringMatching(/^popular-iso-/)]);
    expect(await locks(h)).toEqual([]);
  });

  it('lets two runs for two models on one endpoint take turns, and both models end isolated', async () => {
    // Prepare: one endpoint whose config runs two non-isolated models
    const h = await harness({
      models: [model('left'), model('right')],
      endpointConfigs: [config('pair-config', ['left', 'right'])],
      endpoints: [endpoint('pair-ep', 'pair-config')],
    });

    // Act: a run for each model, at once
    const [left, right] = await Promise.all([start(h, remediate('left')), start(h, remediate('right'))]);
    const runs = await Promise.all([finish(h, left), finish(h, right)]);

    // Assess: both succeed; the endpoint runs both clones on one config; the originals are gone
    expect(runs.map((r) => r.result.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(runs.map((r) => outcomeOf(r).outcome)).not.toContain('failed');
    // One waited for the other's endpoint lock rather than switching the endpoint under it.
    expect(runs.flatMap(taskErrors)).toContain('DynamoDB.ConditionalCheckFailedException');
    const models = await modelNames(h);
    expect(models).toEqual([expect.stringMatching(/^left-iso-/), expect.stringMatching(/^right-iso-/)]);
    const serving = await servingOf(h, 'pair-ep');
    expect(serving).toMatchObject({ status: 'InService', models });
    expect(await configNames(h)).toEqual([serving.configName]);
    expect(await locks(h)).toEqual([]);
  });
});
