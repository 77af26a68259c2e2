import { describe, expect, it } from 'vitest';
import { AuditTrail } from '../../src/cli/workflow/audit-trail.ts';
import {
  MODEL,
  runAwaitingApproval,
  SANDBOX_CALLER,
  sm5,
  type WorkflowSandbox,
  workflowSandbox,
} from './workflow-helpers.ts';

/** A dry run, then a run approved by the sandbox's caller: two runs of one model, in that order. */
async function twoRuns(ctx: WorkflowSandbox): Promise<{ dryRun: string; approved: string }> {
  const { executionArn: dryRun } = await ctx.sb.stepFunctions.startExecution(ctx.machine, {
    input: JSON.stringify({ sm5: { mode: 'dry-run', request: { modelName: MODEL } } }),
  });
  await ctx.sb.stepFunctions.waitForExecution(dryRun);
  const approved = await runAwaitingApproval(ctx);
  const [task] = ctx.sb.stepFunctions.pendingTaskTokens(approved);
  if (task === undefined) throw new Error('no pending approval');
  const answer = { approved: true, approver: SANDBOX_CALLER, comment: 'ship it' };
  ctx.sb.stepFunctions.sendTaskSuccess(task.token, JSON.stringify(answer));
  await ctx.sb.stepFunctions.waitForExecution(approved);
  return { dryRun, approved };
}

describe('sm5 history', () => {
  it("shows a run's audit trail: outcome, plan, approver, resources, finding, and a timeline of its steps", async () => {
    // Prepare
    const ctx = await workflowSandbox('auto');
    const { approved } = await twoRuns(ctx);

    // Act
    const [text, json] = await Promise.all([
      sm5(ctx.sb, ['history', approved]),
      sm5(ctx.sb, ['history', approved, '--json']),
    ]);

    // Assess: the text
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    expect(lines).toContain(`Execution  ${approved}`);
    expect(lines).toContain('Outcome    remediated (SUCCEEDED, mode approval, trigger auto)');
    expect(lines).toContain(`Approval   approved by ${SANDBOX_CALLER}: "ship it"`);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^ {11}switched endpoint fraud-scorer: fraud-scorer-v3-config -> fraud-scorer-v3-config-iso-[0-9a-f]{8}$/,
      ),
    );
    expect(lines).toContain('Finding    RESOLVED');
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^\d\d:\d\d:\d\d +\S+ +fraud-scorer > SwitchEndpoint +ok +UpdateEndpoint to fraud-scorer-v3-config-iso-/,
      ),
    );
    expect(lines).toContainEqual(
      expect.stringMatching(/^\d\d:\d\d:\d\d +\S+ +RequestApproval +ok +approved by /),
    );

    // Assess: the JSON, in its documented shape
    expect(json.code).toBe(0);
    const trail = AuditTrail.parse(JSON.parse(json.stdout));
    expect(trail).toMatchObject({
      version: 1,
      executionArn: approved,
      status: 'SUCCEEDED',
      outcome: 'remediated',
      model: { arn: `arn:aws:sagemaker:us-east-1:111122223333:model/${MODEL}`, name: MODEL },
      mode: 'approval',
      approval: { status: 'approved', by: SANDBOX_CALLER, comment: 'ship it', reason: null },
      plan: { verdict: 'remediate', needsApproval: false, endpoints: ['fraud-scorer'] },
      finding: { status: 'RESOLVED', recorded: true },
      error: null,
    });
    expect(trail.resources.switched).toEqual([
      {
        endpointName: 'fraud-scorer',
        fromConfig: `${MODEL}-config`,
        toConfig: expect.stringMatching(/-iso-/),
      },
    ]);
    expect(trail.resources.retired.map((r) => `${r.action} ${r.type} ${r.name}`)).toEqual([
      `deleted endpoint-config ${MODEL}-config`,
      `deleted model ${MODEL}`,
    ]);
    const switchStep = trail.steps.find((s) => s.name === 'SwitchEndpoint');
    expect(switchStep).toMatchObject({ endpoint: 'fraud-scorer', status: 'succeeded', error: null });
  });

  it("lists a model's runs, newest first, in text and JSON", async () => {
    // Prepare
    const ctx = await workflowSandbox('auto');
    const { dryRun, approved } = await twoRuns(ctx);

    // Act
    const [text, json, none] = await Promise.all([
      sm5(ctx.sb, ['history', MODEL]),
      sm5(ctx.sb, [
        'history',
        `arn:aws:sagemaker:us-east-1:111122223333:model/${MODEL.toUpperCase()}`,
        '--json',
      ]),
      sm5(ctx.sb, ['history', 'never-run']),
    ]);

    // Assess
    expect(text.code).toBe(0);
    const rows = text.stdout.split('\n').filter((line) => line.includes('arn:aws:states'));
    expect(rows).toEqual([
      expect.stringMatching(
        new RegExp(`remediated +approved by ${SANDBOX_CALLER} +${MODEL}-iso-\\w+ +${approved}$`),
      ),
      expect.stringMatching(new RegExp(`dry-run +- +- +${dryRun}$`)),
    ]);
    expect(json.code).toBe(0);
    const listing = JSON.parse(json.stdout);
    expect(listing.model).toEqual({
      arn: `arn:aws:sagemaker:us-east-1:111122223333:model/${MODEL}`,
      name: MODEL.toUpperCase(),
    });
    expect(
      listing.executions
        .map((e: unknown) => AuditTrail.parse(e))
        .map((e: AuditTrail) => [e.executionArn, e.outcome]),
    ).toEqual([
      [approved, 'remediated'],
      [dryRun, 'dry-run'],
    ]);
    expect(none.code).toBe(0);
    expect(none.stdout.trim()).toBe('no runs for model never-run');
  });
});
