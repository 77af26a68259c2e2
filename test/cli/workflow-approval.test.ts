import { DescribeModelCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { describe, expect, it } from 'vitest';
import {
  FINDING_ID,
  MODEL,
  operations,
  runAwaitingApproval,
  SANDBOX_CALLER,
  sm5,
  workflowSandbox,
} from './workflow-helpers.ts';

function lastNote(notes: readonly string[]): string {
  return notes.at(-1) ?? '';
}

describe('sm5 approve and sm5 reject', () => {
  it('approves the run waiting for a model, recording who approved and why', async () => {
    // Prepare
    const ctx = await workflowSandbox('auto');
    const executionArn = await runAwaitingApproval(ctx);

    // Act
    const result = await sm5(ctx.sb, ['approve', MODEL, '--comment', 'ship it']);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(
      new RegExp(
        `^Approved ${executionArn} \\(isolate model ${MODEL}: clone it as ${MODEL}-iso-[0-9a-f]{8} with network isolation and switch 1 endpoint\\(s\\)\\) as ${SANDBOX_CALLER}$`,
      ),
    );
    const done = await ctx.sb.stepFunctions.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output ?? '')).toMatchObject({
      approval: { approved: true, approver: SANDBOX_CALLER, comment: 'ship it' },
      outcome: { outcome: 'remediated', status: 'RESOLVED' },
    });
    expect(ctx.sb.securityHub.asffFindings()[0]?.Workflow).toEqual({ Status: 'RESOLVED' });
  });

  it('rejects a run named by its ARN: the reason and the approver reach the history and the finding', async () => {
    // Prepare
    const ctx = await workflowSandbox('auto');
    const executionArn = await runAwaitingApproval(ctx);

    // Act
    const result = await sm5(ctx.sb, ['reject', executionArn, '--reason', 'not during the sale', '--json']);

    // Assess
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      executionArn,
      decision: 'rejected',
      approver: SANDBOX_CALLER,
      reason: 'not during the sale',
    });
    const done = await ctx.sb.stepFunctions.waitForExecution(executionArn);
    const failed = ctx.sb.stepFunctions.history(executionArn).find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toMatchObject({
      error: 'ApprovalRejectedError',
      cause: JSON.stringify({ approver: SANDBOX_CALLER, reason: 'not during the sale' }),
    });
    const output = JSON.parse(done.output ?? '');
    expect(output).toMatchObject({ outcome: { outcome: 'rejected' } });
    expect(lastNote(ctx.sb.securityHub.notes(FINDING_ID))).toContain(
      `rejected by ${SANDBOX_CALLER}: not during the sale`,
    );
    const clone = new SageMakerClient(ctx.sb.clientConfig()).send(
      new DescribeModelCommand({ ModelName: String(output.plan.cloneModelName) }),
    );
    await expect(clone).rejects.toThrow(/Could not find model/);
  });

  it('says so when nothing waits for approval, and answers nothing', async () => {
    // Prepare: one run that already ended
    const ctx = await workflowSandbox('dry-run');
    const { executionArn } = await ctx.sb.stepFunctions.startExecution(ctx.machine, {
      input: JSON.stringify({ sm5: { request: { modelName: MODEL } } }),
    });
    await ctx.sb.stepFunctions.waitForExecution(executionArn);

    // Act
    const [byModel, byExecution, noReason] = await Promise.all([
      sm5(ctx.sb, ['approve', MODEL]),
      sm5(ctx.sb, ['reject', executionArn, '--reason', 'no']),
      sm5(ctx.sb, ['reject', MODEL]),
    ]);

    // Assess
    expect(byModel.code).toBe(1);
    expect(byModel.stderr).toContain(`no run for model ${MODEL} is waiting for approval`);
    expect(byExecution.code).toBe(1);
    expect(byExecution.stderr).toContain(
      `execution ${executionArn} is not waiting for approval (status SUCCEEDED)`,
    );
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    expect(operations(ctx.sb, 'SendTaskSuccess') + operations(ctx.sb, 'SendTaskFailure')).toBe(0);
  });
});
