/**
 * Locks a run left behind (stopped by an operator, or its release failed past its retries): the next run
 * asks Step Functions whether the owner still runs, and takes a dead owner's lock over instead of waiting
 * out the lease (about 27 hours) or ending as its duplicate.
 */
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import {
  config,
  endpoint,
  findingEvent,
  findingStatus,
  finish,
  type Harness,
  harness,
  lastNote,
  locks,
  model,
  modelArn,
  modelNames,
  outcomeOf,
  remediate,
  runToEnd,
  servedAlone,
  servingOf,
  start,
  statesEntered,
  taskErrors,
} from './helpers.ts';

const scenario = servedAlone('fraud');

/** Writes a lock item as a run would have left it, lease still running. */
async function leaveLock(h: Harness, pk: string, owner: string): Promise<void> {
  const dynamodb = new DynamoDBClient({ ...h.sb.clientConfig(), maxAttempts: 1 });
  const expiresAt = Math.floor(h.sb.clock.now() / 1000) + 27 * 3600;
  await dynamodb.send(
    new PutItemCommand({
      TableName: h.workflow.lockTableName,
      Item: { pk: { S: pk }, owner: { S: owner }, expiresAt: { N: String(expiresAt) } },
    }),
  );
  dynamodb.destroy();
}

/** An approval-gated run: it takes the model lock, then waits for a human. */
async function runHoldingTheModelLock(h: Harness): Promise<string> {
  const arn = await start(h, remediate('fraud', 'approval'));
  await h.sb.stepFunctions.waitForPendingTask(arn, { stateName: 'RequestApproval' });
  return arn;
}

describe('a lock whose owner is gone', () => {
  it('is taken over from a stopped run: the next finding remediates the model instead of ending as a duplicate', async () => {
    // Prepare: a run holds the model lock, and an operator stops it
    const h = await harness(scenario);
    const stopped = await runHoldingTheModelLock(h);
    await h.sb.stepFunctions.stopExecution(stopped, 'Operator', 'stopped by hand');
    expect(await locks(h)).toEqual([expect.objectContaining({ owner: { S: stopped } })]);

    // Act: the finding comes again
    const run = await runToEnd(h, findingEvent('fraud'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(statesEntered(run.history)).toEqual(
      expect.arrayContaining(['CheckLockOwner', 'TakeOverModelLock', 'Plan', 'Retire']),
    );
    expect(statesEntered(run.history)).not.toContain('Duplicate');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    expect(await modelNames(h)).toEqual([expect.stringMatching(/^fraud-iso-/)]);
    expect(findingStatus(h, 'fraud')).toBe('RESOLVED');
    expect(lastNote(h, 'fraud')).toContain(run.executionArn);
    expect(await locks(h)).toEqual([]);
  });

  it('is taken over when its owner does not exist (Sfn.ExecutionDoesNotExistException)', async () => {
    // Prepare: a lock from an execution Step Functions has no record of
    const h = await harness(scenario);
    const ghost = `arn:aws:states:${h.sb.region}:${h.sb.account}:execution:sm5-remediate-model:ghost`;
    await leaveLock(h, `model#${modelArn('fraud')}`, ghost);

    // Act
    const run = await runToEnd(h, findingEvent('fraud'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(taskErrors(run)).toContain('Sfn.ExecutionDoesNotExistException');
    expect(statesEntered(run.history)).toContain('TakeOverModelLock');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    expect(await locks(h)).toEqual([]);
  });

  it('is left alone while its owner runs: the new run is its duplicate and changes nothing', async () => {
    // Prepare
    const h = await harness(scenario);
    const owner = await runHoldingTheModelLock(h);

    // Act
    const run = await runToEnd(h, findingEvent('fraud'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(run.output).toMatchObject({ outcome: 'duplicate', duplicateOf: owner });
    expect(statesEntered(run.history)).toContain('CheckLockOwner');
    expect(statesEntered(run.history)).not.toContain('TakeOverModelLock');
    expect(await locks(h)).toEqual([expect.objectContaining({ owner: { S: owner } })]);
    await h.sb.stepFunctions.stopExecution(owner);
  });

  it('on an endpoint is taken over from a finished run, and the endpoint is switched without waiting', async () => {
    // Prepare: an earlier run ended (here: stopped) and its endpoint lock stayed
    const h = await harness(scenario);
    const earlier = await runHoldingTheModelLock(h);
    await h.sb.stepFunctions.stopExecution(earlier);
    await leaveLock(h, 'endpoint#fraud-ep', earlier);
    const startedAt = h.sb.clock.now();

    // Act
    const run = await finish(h, await start(h, remediate('fraud')));

    // Assess: taken over at once (one look at the owner), not after the ten-minute wait for a live one
    expect(run.result.status).toBe('SUCCEEDED');
    const entered = statesEntered(run.history);
    expect(entered).toEqual(expect.arrayContaining(['CheckEndpointLockOwner', 'TakeOverEndpointLock']));
    expect(entered.filter((s) => s === 'LockEndpoint')).toHaveLength(1);
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    const serving = await servingOf(h, 'fraud-ep');
    expect(serving.models).toEqual([expect.stringMatching(/^fraud-iso-/)]);
    expect(await locks(h)).toEqual([]);
    const lockWaitSeconds = run.history
      .filter((e) => e.stateEnteredEventDetails?.name === 'CreateEndpointConfig')
      .map((e) => ((e.timestamp?.getTime() ?? 0) - startedAt) / 1000);
    expect(lockWaitSeconds[0]).toBeLessThan(10 * 60);
  });

  it('on an endpoint is waited for while its owner runs, then taken over once the owner has stopped', async () => {
    // Prepare: a live run (for another model) holds the endpoint lock
    const h = await harness({
      ...scenario,
      models: [model('fraud'), model('other')],
      endpointConfigs: [...scenario.endpointConfigs, config('other-config', ['other'])],
      endpoints: [...scenario.endpoints, endpoint('other-ep', 'other-config')],
    });
    const owner = await start(h, remediate('other', 'approval'));
    await h.sb.stepFunctions.waitForPendingTask(owner, { stateName: 'RequestApproval' });
    await leaveLock(h, 'endpoint#fraud-ep', owner);

    // Act: a run for the model on that endpoint waits; once it has seen the owner running, the owner stops
    const waiting = await start(h, remediate('fraud'));
    await until(() => statesEntered(h.sb.stepFunctions.history(waiting)).includes('WaitForEndpointLock'));
    await h.sb.stepFunctions.stopExecution(owner);
    const run = await finish(h, waiting);

    // Assess: it waited, looked again, and took the dead owner's lock over
    expect(run.result.status).toBe('SUCCEEDED');
    const entered = statesEntered(run.history);
    expect(entered.filter((s) => s === 'CheckEndpointLockOwner').length).toBeGreaterThanOrEqual(2);
    expect(entered).toContain('TakeOverEndpointLock');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated' });
    expect((await servingOf(h, 'fraud-ep')).models).toEqual([expect.stringMatching(/^fraud-iso-/)]);
    expect(await locks(h)).toEqual([expect.objectContaining({ pk: { S: `model#${modelArn('other')}` } })]);
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}
