import { beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/local/sandbox.ts';
import { ACCOUNTS_SCENARIO, callsSince, cliSandbox, runCli, sandboxArgs, spawnCli } from './helpers.ts';

let sb: Sandbox;

beforeAll(async () => {
  sb = await cliSandbox(ACCOUNTS_SCENARIO);
});

/** A clear one-line message: no stack trace, no `at file:line`. */
function expectNoStackTrace(stderr: string) {
  expect(stderr).not.toMatch(/^\s+at /m);
  expect(stderr).not.toMatch(/\.ts:\d+/);
}

describe('sm5 errors', () => {
  it('names an unknown model, exit 2', async () => {
    // Act
    const plan = await runCli([...sandboxArgs(sb), 'plan', 'ghost-model']);
    const remediate = await runCli([...sandboxArgs(sb), 'remediate', 'ghost-model', '--yes']);

    // Assess
    for (const result of [plan, remediate]) {
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        'sm5: no model named ghost-model in account 111122223333, region us-east-1\n',
      );
    }
  });

  it.each([
    ['a model name with a space', ['plan', 'bad name'], /"bad name" is not a SageMaker model name/],
    [
      'an ARN that is not a model',
      ['plan', 'arn:aws:sagemaker:us-east-1:111122223333:endpoint/solo-endpoint'],
      /is not a SageMaker model ARN/,
    ],
    [
      'a model in another region',
      ['plan', 'arn:aws:sagemaker:eu-west-1:111122223333:model/solo-model'],
      /is in region eu-west-1, but sm5 runs in us-east-1: pass --region eu-west-1/,
    ],
    [
      '--product-arn without --finding-id',
      ['remediate', 'idle-model', '--yes', '--product-arn', 'x'],
      /--product-arn goes with --finding-id/,
    ],
    [
      'a bad --poll-seconds',
      ['remediate', 'idle-model', '--yes', '--poll-seconds', '0'],
      /"0" is not a positive number/,
    ],
    ['an unknown option', ['audit', '--everything'], /unknown option '--everything'/],
    ['a missing model', ['plan'], /missing required argument 'model'/],
  ])('refuses %s with exit 2 before any AWS call', async (_case, args, message) => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await runCli([...sandboxArgs(sb), ...args]);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expectNoStackTrace(result.stderr);
    expect(callsSince(sb, from)).toEqual([]);
  });

  it('refuses to remediate without --yes when stdin is not a terminal, before any AWS call', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await spawnCli([...sandboxArgs(sb), 'remediate', 'idle-model']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/stdin is not a terminal, so sm5 cannot ask: pass --yes/);
    expect(callsSince(sb, from)).toEqual([]);
  });

  it('asks for a region when none is configured, before any AWS call', async () => {
    // Prepare
    const from = sb.requestLog.length;

    // Act
    const result = await spawnCli(['--endpoint-url', sb.url, 'audit']);

    // Assess
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('sm5: no AWS region: pass --region or set AWS_REGION\n');
    expect(callsSince(sb, from)).toEqual([]);
  });

  it('reports an AWS refusal by its name, exit 3', async () => {
    // Prepare
    sb.faults.failNext(
      { service: 'sagemaker', operation: 'DescribeModel' },
      {
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform: sagemaker:DescribeModel',
      },
      1_000,
    );

    // Act
    const result = await runCli([...sandboxArgs(sb), 'audit']);
    sb.faults.reset();

    // Assess
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^sm5: DescribeModel \S+: AccessDeniedException: User is not authorized .* \(AccessDeniedError\)\n$/,
    );
    // The first refusal stops the fan-out: the audit does not ask again for every model.
    const denied = sb.requestLog.filter((e) => e.errorCode === 'AccessDeniedException');
    expect(denied.length).toBeLessThan(5);
  });
});
