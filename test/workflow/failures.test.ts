/** Runs that meet failures: a rolled-back update, a throttling storm, a deployment past its cap, a rerun. */
import { describe, expect, it } from 'vitest';
import {
  config,
  configNames,
  endpoint,
  findingEvent,
  findingId,
  findingStatus,
  harness,
  lastNote,
  locks,
  model,
  modelNames,
  outcomeOf,
  remediate,
  runToEnd,
  servingOf,
  statesEntered,
  taskErrors,
} from './helpers.ts';

describe('a run that fails', () => {
  it('records a rolled-back update on the finding, keeps the original, and releases every lock', async () => {
    // Prepare: the update of the endpoint rolls back, as SageMaker does when the new fleet is unhealthy
    const h = await harness({
      models: [model('flaky')],
      endpointConfigs: [config('flaky-config', ['flaky'])],
      endpoints: [endpoint('flaky-ep', 'flaky-config')],
    });
    h.sb.faults.failNextEndpointUpdate('flaky-ep', 'health check failed on the new fleet');

    // Act
    const run = await runToEnd(h, findingEvent('flaky'));

    // Assess
    expect(run.result).toMatchObject({ status: 'FAILED', error: 'RemediationFailed' });
    expect(outcomeOf(run)).toMatchObject({ outcome: 'failed', recorded: true, status: 'NOTIFIED' });
    const note = lastNote(h, 'flaky');
    expect(note).toContain('UpdateRolledBackError');
    expect(note).toContain('health check failed on the new fleet');
    expect(note).toContain('the original model is kept');
    expect(findingStatus(h, 'flaky')).toBe('NOTIFIED');
    expect(await modelNames(h)).toContain('flaky');
    expect(await servingOf(h, 'flaky-ep')).toMatchObject({ status: 'InService', configName: 'flaky-config' });
    expect(statesEntered(run.history)).not.toContain('Retire');
    expect(await locks(h)).toEqual([]);
    const notice = h.sb.stepFunctions.outbox.messages({ executionArn: run.executionArn }).at(-1);
    expect(notice?.subject).toBe('sm5: remediation failed');
  });

  it('ends a deployment that outlasts its cap with a named timeout error', async () => {
    // Prepare: updates take an hour, the cap is ten minutes
    const h = await harness(
      {
        models: [model('sluggish')],
        endpointConfigs: [config('sluggish-config', ['sluggish'])],
        endpoints: [endpoint('sluggish-ep', 'sluggish-config')],
      },
      { transitionSeconds: 3600, settings: { deploymentTimeoutSeconds: 600 } },
    );

    // Act
    const run = await runToEnd(h, findingEvent('sluggish'));

    // Assess
    expect(run.result.status).toBe('FAILED');
    expect(taskErrors(run)).toEqual(['DeploymentTimeoutError']);
    expect(lastNote(h, 'sluggish')).toContain('DeploymentTimeoutError');
    expect(await modelNames(h)).toContain('sluggish');
    expect(await locks(h)).toEqual([]);
  });

  it('completes through a throttling storm on every service it calls', async () => {
    // Prepare: every SageMaker, Security Hub and DynamoDB operation the run uses is throttled twice in a row
    const h = await harness({
      models: [model('busy')],
      endpointConfigs: [config('busy-config', ['busy'])],
      endpoints: [endpoint('busy-ep', 'busy-config')],
    });
    const sagemakerOps = [
      'DescribeModel',
      'ListTags',
      'ListEndpoints',
      'DescribeEndpoint',
      'DescribeEndpointConfig',
      'CreateModel',
      'CreateEndpointConfig',
      'UpdateEndpoint',
      'AddTags',
      'DeleteModel',
      'DeleteEndpointConfig',
    ];
    for (const operation of sagemakerOps) {
      h.sb.faults.failNext(
        { service: 'sagemaker', operation },
        { code: 'ThrottlingException', message: 'Rate exceeded' },
        2,
      );
    }
    h.sb.faults.failNext(
      { service: 'securityhub', operation: 'BatchUpdateFindings' },
      { code: 'TooManyRequestsException', message: 'Too Many Requests', status: 429 },
      2,
    );
    h.sb.faults.failNext(
      { service: 'dynamodb', operation: 'PutItem' },
      {
        code: 'ProvisionedThroughputExceededException',
        message: 'The level of configured provisioned throughput for the table was exceeded.',
      },
      2,
    );

    // Act
    const run = await runToEnd(h, findingEvent('busy'));

    // Assess: it completed, after retrying throttles (and only throttles)
    expect(run.result.status).toBe('SUCCEEDED');
    expect(outcomeOf(run)).toMatchObject({ outcome: 'remediated', recorded: true });
    const failures = taskErrors(run);
    expect(failures.length).toBeGreaterThanOrEqual(20);
    expect(new Set(failures)).toEqual(
      new Set(['ThrottledError', 'DynamoDB.ProvisionedThroughputExceededException']),
    );
    expect((await servingOf(h, 'busy-ep')).models).toEqual([expect.stringMatching(/^busy-iso-/)]);
    expect(await locks(h)).toEqual([]);
  });
});

describe('a rerun after a run failed midway', () => {
  it('finishes the job without creating anything twice', async () => {
    // Prepare: two endpoints; the update of the second rolls back once
    const h = await harness({
      models: [model('twice')],
      endpointConfigs: [config('first-config', ['twice']), config('second-config', ['twice'])],
      endpoints: [endpoint('first-ep', 'first-config'), endpoint('second-ep', 'second-config')],
    });
    h.sb.faults.failNextEndpointUpdate('second-ep', 'new fleet failed its health check');

    // Act: the first run fails with one endpoint switched; the rerun comes after
    const first = await runToEnd(h, remediate('twice'));
    const afterFirst = { models: await modelNames(h), configs: await configNames(h) };
    const second = await runToEnd(h, remediate('twice'));

    // Assess: the first left the clone and one switched endpoint; the second reused the clone and finished
    expect(first.result.status).toBe('FAILED');
    expect(afterFirst.models).toEqual(['twice', expect.stringMatching(/^twice-iso-/)]);
    expect(second.result.status).toBe('SUCCEEDED');
    const clones = second.output.clones as { action: string; cloneModelName: string }[];
    expect(clones.map((c) => c.action)).toEqual(['exists']);
    expect(await modelNames(h)).toEqual([clones[0]?.cloneModelName]);
    const serving = [await servingOf(h, 'first-ep'), await servingOf(h, 'second-ep')];
    expect(serving.map((s) => s.models)).toEqual([[clones[0]?.cloneModelName], [clones[0]?.cloneModelName]]);
    expect(await configNames(h)).toEqual(serving.map((s) => s.configName).sort());
    expect(await locks(h)).toEqual([]);
  });
});

describe('a run that cannot start or finish cleanly', () => {
  it('rejects a finding it must not act on with a named error, touching nothing', async () => {
    // Prepare: a finding that passed the control
    const h = await harness({ models: [model('passed')] });
    const event = findingEvent('passed');
    const passed = JSON.parse(JSON.stringify(event).replace('"Status":"FAILED"', '"Status":"PASSED"'));

    // Act
    const run = await runToEnd(h, passed);

    // Assess
    expect(run.result).toMatchObject({ status: 'FAILED', error: 'FindingRejectedError' });
    expect(statesEntered(run.history)).toEqual(['Normalize']);
    expect(h.sb.securityHub.notes(findingId('passed'))).toEqual([]);
    expect(await locks(h)).toEqual([]);
  });

  it('waits out an endpoint that is busy with another update, then switches it', async () => {
    // Prepare: SageMaker is patching the endpoint for the next five minutes
    const h = await harness({
      models: [model('patched')],
      endpointConfigs: [config('patched-config', ['patched'])],
      endpoints: [endpoint('patched-ep', 'patched-config')],
    });
    h.sb.faults.holdEndpointBusy('patched-ep', 300);

    // Act
    const run = await runToEnd(h, findingEvent('patched'));

    // Assess
    expect(run.result.status).toBe('SUCCEEDED');
    expect(taskErrors(run)).toContain('EndpointBusyError');
    expect((await servingOf(h, 'patched-ep')).models).toEqual([expect.stringMatching(/^patched-iso-/)]);
  });

  it('fails after releasing its lock when the finding cannot be written, so that someone looks', async () => {
    // Prepare: Security Hub does not know the finding the event names
    const h = await harness({ models: [model('orphan', { EnableNetworkIsolation: true })], findings: [] });

    // Act
    const run = await runToEnd(h, findingEvent('orphan'));

    // Assess
    expect(run.result).toMatchObject({ status: 'FAILED', error: 'FindingUpdateError' });
    expect(statesEntered(run.history)).toEqual(expect.arrayContaining(['RecordNoop', 'UnlockModel']));
    expect(await locks(h)).toEqual([]);
  });
});
