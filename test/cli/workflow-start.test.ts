import { describe, expect, it } from 'vitest';
import {
  bareSandbox,
  MODEL,
  operations,
  readEvent,
  sm5,
  tempFile,
  workflowSandbox,
} from './workflow-helpers.ts';

function parse(text: string): Record<string, unknown> {
  return JSON.parse(text);
}

describe('sm5 start', () => {
  it('starts a run for a model in the mode asked for, and prints its ARN and start date', async () => {
    // Prepare
    const { sb, machine } = await workflowSandbox('auto');

    // Act
    const result = await sm5(sb, ['start', MODEL, '--mode', 'dry-run', '--json']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const printed = parse(result.stdout);
    expect(printed).toEqual({
      executionArn: expect.stringMatching(
        new RegExp(
          `^arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:cli-${MODEL}-\\d{8}T\\d{6}Z-[0-9a-f]{4}$`,
        ),
      ),
      startDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    const executionArn = String(printed.executionArn);
    const done = await sb.stepFunctions.waitForExecution(executionArn);
    expect(JSON.parse(done.input ?? '')).toEqual({
      sm5: {
        mode: 'dry-run',
        request: { modelName: MODEL },
        requestedBy: 'arn:aws:iam::111122223333:user/sandbox',
      },
    });
    expect(JSON.parse(done.output ?? '')).toMatchObject({ outcome: { outcome: 'dry-run' } });
    expect(sb.stepFunctions.executionsOf(machine)).toHaveLength(1);
  });

  it('sends an event file as it is, so the run is the one the rule would have started', async () => {
    // Prepare
    const { sb } = await workflowSandbox('dry-run');
    const event = readEvent('asff-imported-consolidated');
    const file = tempFile('finding.json', JSON.stringify(event));

    // Act
    const result = await sm5(sb, ['start', file]);

    // Assess
    expect(result.code).toBe(0);
    const executionArn = result.stdout.trim();
    expect(executionArn).toMatch(
      /^arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:[0-9a-f-]{36}$/,
    );
    const done = await sb.stepFunctions.waitForExecution(executionArn);
    expect(JSON.parse(done.input ?? '')).toEqual(event);
    expect(done.status).toBe('SUCCEEDED');
  });

  it('refuses a missing file, or one that is not JSON, before calling AWS at all', async () => {
    // Prepare
    const { sb } = await workflowSandbox();
    const before = sb.requestLog.length;

    // Act
    const [missing, garbled] = await Promise.all([
      sm5(sb, ['start', '/nonexistent/finding.json']),
      sm5(sb, ['start', tempFile('finding.json', '{"source": ')]),
    ]);

    // Assess
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read the event file /nonexistent/finding.json: ENOENT');
    expect(garbled.code).toBe(2);
    expect(garbled.stderr).toMatch(/the event file .*finding\.json is not JSON/);
    expect(sb.requestLog.length).toBe(before);
  });

  it('refuses what the workflow would reject, with its named error, and starts nothing', async () => {
    // Prepare
    const { sb } = await workflowSandbox();
    const passed = tempFile('passed.json', JSON.stringify(readEvent('negative-asff-passed')));
    const ec2 = tempFile('ec2.json', JSON.stringify({ source: 'aws.ec2', 'detail-type': 'x', detail: {} }));

    // Act
    const [finding, otherAccount, notSecurityHub] = await Promise.all([
      sm5(sb, ['start', passed]),
      sm5(sb, ['start', 'arn:aws:sagemaker:us-east-1:444455556666:model/other']),
      sm5(sb, ['start', ec2]),
    ]);

    // Assess
    expect([finding.code, otherAccount.code, notSecurityHub.code]).toEqual([2, 2, 2]);
    expect(finding.stderr).toMatch(/has compliance status PASSED, not FAILED.*\(FindingRejectedError\)/);
    expect(otherAccount.stderr).toMatch(/account 444455556666.*\(FindingRejectedError\)/);
    expect(notSecurityHub.stderr).toMatch(/source "aws\.ec2" is not handled.*\(UnsupportedEventError\)/);
    expect(operations(sb, 'StartExecution')).toBe(0);
  });

  it('says where the state machine comes from when none is deployed or the one named is not there', async () => {
    // Prepare: an account without the workflow
    const sb = await bareSandbox();
    const other = 'arn:aws:states:us-east-1:111122223333:stateMachine:not-there';

    // Act
    const undeployed = await sm5(sb, ['start', MODEL]);
    const missing = await sm5(sb, ['start', MODEL], { SM5_STATE_MACHINE_ARN: other });
    const malformed = await sm5(sb, ['start', MODEL, '--state-machine', 'sm5-remediate-model']);

    // Assess
    expect(undeployed.code).toBe(2);
    expect(undeployed.stderr).toContain(
      'no state machine named sm5-remediate-model in this account and region: deploy sm5, or pass --state-machine <arn> (or set SM5_STATE_MACHINE_ARN)',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`no state machine ${other}`);
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain(
      '--state-machine: "sm5-remediate-model" is not a Step Functions state machine ARN',
    );
    expect(operations(sb, 'ListStateMachines')).toBe(1);
  });
});
