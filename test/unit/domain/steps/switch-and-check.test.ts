import { describe, expect, it } from 'vitest';
import {
  DeploymentTimeoutError,
  EndpointBusyError,
  EndpointFailedError,
  EndpointNotFoundError,
  PlanOutdatedError,
  UpdateRolledBackError,
} from '../../../../src/domain/errors.ts';
import {
  CheckEndpointInput,
  CheckEndpointOutput,
  checkEndpoint,
  nextWait,
  WaitPolicy,
} from '../../../../src/domain/steps/check-endpoint.ts';
import { createEndpointConfig } from '../../../../src/domain/steps/create-endpoint-config.ts';
import { SwitchEndpointInput, switchEndpoint } from '../../../../src/domain/steps/switch-endpoint.ts';
import { singleEndpoint } from '../fakes/scenario.ts';
import { cloneAll, configInput, planFor } from './helpers.ts';

async function readyToSwitch() {
  const sagemaker = singleEndpoint();
  const plan = await planFor(sagemaker, 'Churn-Model');
  await cloneAll(plan, sagemaker);
  const config = await createEndpointConfig(configInput(plan, 'churn'), { sagemaker });
  const names = {
    endpointName: 'churn',
    previousConfigName: config.previousConfigName ?? '',
    newConfigName: config.newConfigName ?? '',
  };
  return { sagemaker, names };
}

describe('switchEndpoint', () => {
  it('updates the endpoint to the new config, keeping its live variant properties', async () => {
    const { sagemaker, names } = await readyToSwitch();
    const output = await switchEndpoint(SwitchEndpointInput.parse(names), { sagemaker });
    expect(output).toEqual({ ...names, action: 'updated' });
    expect(sagemaker.updates).toEqual([
      { EndpointName: 'churn', EndpointConfigName: names.newConfigName, RetainAllVariantProperties: true },
    ]);
  });

  it('passes the blue/green deployment configuration with its rollback alarms', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint({ ...names, deployment: { rollbackAlarms: ['churn-errors'] } }, { sagemaker });
    expect(sagemaker.updates[0]?.DeploymentConfig?.AutoRollbackConfiguration).toEqual({
      Alarms: [{ AlarmName: 'churn-errors' }],
    });
  });

  it('has the same effect when called twice: the second call sees the update in progress', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    expect((await switchEndpoint(names, { sagemaker })).action).toBe('already-updating');
    sagemaker.completeUpdate('churn');
    expect((await switchEndpoint(names, { sagemaker })).action).toBe('already-on-new-config');
    expect(sagemaker.updates).toHaveLength(1);
  });

  it('lets EndpointBusyError through for the workflow to retry', async () => {
    const { sagemaker, names } = await readyToSwitch();
    sagemaker.setStatus('churn', 'SystemUpdating');
    await expect(switchEndpoint(names, { sagemaker })).rejects.toThrow(EndpointBusyError);
  });

  it('refuses when the endpoint no longer runs the config the new one was built from', async () => {
    const { sagemaker, names } = await readyToSwitch();
    sagemaker.seedEndpoint('churn', 'someone-elses-config');
    await expect(switchEndpoint(names, { sagemaker })).rejects.toThrow(PlanOutdatedError);
    expect(sagemaker.updates).toEqual([]);
  });

  it('fails for an endpoint that no longer exists', async () => {
    const { sagemaker, names } = await readyToSwitch();
    sagemaker.endpoints.delete('churn');
    await expect(switchEndpoint(names, { sagemaker })).rejects.toThrow(EndpointNotFoundError);
  });
});

describe('checkEndpoint', () => {
  it('is done only when the endpoint is InService on the new config', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    sagemaker.completeUpdate('churn');
    const output = await checkEndpoint(names, { sagemaker });
    expect(CheckEndpointOutput.parse(output)).toEqual({
      state: 'done',
      endpointName: 'churn',
      newConfigName: names.newConfigName,
      status: 'InService',
      waitedSeconds: 0,
    });
  });

  it('answers pending while the update runs, with the next wait and the next input', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    const output = await checkEndpoint(names, { sagemaker });
    expect(output).toMatchObject({ state: 'pending', status: 'Updating', nextWaitSeconds: 30 });
    if (output.state !== 'pending') throw new Error('expected pending');
    expect(CheckEndpointInput.parse(output.next)).toMatchObject({ ...names, waitedSeconds: 30, attempt: 1 });
    const second = await checkEndpoint(output.next, { sagemaker });
    expect(second).toMatchObject({
      state: 'pending',
      nextWaitSeconds: 60,
      next: { waitedSeconds: 90, attempt: 2 },
    });
  });

  it('reports a silent rollback to the old config as a failure, with the reason when there is one', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    sagemaker.rollBackUpdate('churn', 'health check failed: container could not reach huggingface.co');
    await expect(checkEndpoint(names, { sagemaker })).rejects.toThrow(UpdateRolledBackError);
    await expect(checkEndpoint(names, { sagemaker })).rejects.toThrow(/could not reach huggingface.co/);
  });

  it('reports a rollback without a reason as a failure too', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    sagemaker.rollBackUpdate('churn');
    await expect(checkEndpoint(names, { sagemaker })).rejects.toThrow(
      /rolled back \(SageMaker gave no reason\)/,
    );
  });

  it.each(['Failed', 'UpdateRollbackFailed', 'OutOfService'] as const)(
    'fails when the endpoint is %s',
    async (s) => {
      const { sagemaker, names } = await readyToSwitch();
      await switchEndpoint(names, { sagemaker });
      sagemaker.setStatus('churn', s, 'boom');
      await expect(checkEndpoint(names, { sagemaker })).rejects.toThrow(EndpointFailedError);
    },
  );

  it('fails when someone else moved the endpoint to a third config', async () => {
    const { sagemaker, names } = await readyToSwitch();
    sagemaker.seedEndpoint('churn', 'third-config');
    await expect(checkEndpoint(names, { sagemaker })).rejects.toThrow(PlanOutdatedError);
  });

  it('gives up with DeploymentTimeoutError once the total wait is used up', async () => {
    const { sagemaker, names } = await readyToSwitch();
    await switchEndpoint(names, { sagemaker });
    const policy = { initialWaitSeconds: 30, maxWaitSeconds: 300, totalTimeoutSeconds: 600 };
    await expect(checkEndpoint({ ...names, policy, waitedSeconds: 600 }, { sagemaker })).rejects.toThrow(
      DeploymentTimeoutError,
    );
  });
});

describe('nextWait', () => {
  it('doubles from the initial wait, is capped, and never waits past the total', () => {
    const policy = WaitPolicy.parse({
      initialWaitSeconds: 30,
      maxWaitSeconds: 300,
      totalTimeoutSeconds: 1000,
    });
    const waits: number[] = [];
    let waited = 0;
    for (let attempt = 0; waited < policy.totalTimeoutSeconds; attempt++) {
      const wait = nextWait(policy, attempt, waited);
      waits.push(wait);
      waited += wait;
    }
    expect(waits).toEqual([30, 60, 120, 240, 300, 250]);
    expect(waited).toBe(1000);
  });

  it('polls a ten-minute update in few checks', () => {
    const policy = WaitPolicy.parse({});
    let waited = 0;
    let checks = 0;
    while (waited < 600) waited += nextWait(policy, checks++, waited);
    expect(checks).toBeLessThanOrEqual(5);
  });
});
