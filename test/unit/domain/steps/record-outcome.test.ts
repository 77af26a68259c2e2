import { describe, expect, it } from 'vitest';
import { FindingUpdateError } from '../../../../src/domain/errors.ts';
import { failureMessage, findingUpdateFor, MAX_NOTE_LENGTH } from '../../../../src/domain/notes.ts';
import type { Plan } from '../../../../src/domain/plan/schema.ts';
import type { Outcome } from '../../../../src/domain/steps/outcome.ts';
import { RecordOutcomeInput, recordOutcome } from '../../../../src/domain/steps/record-outcome.ts';
import { retire } from '../../../../src/domain/steps/retire.ts';
import { FakeSageMaker } from '../fakes/fake-sagemaker.ts';
import { FakeSecurityHub } from '../fakes/fake-security-hub.ts';
import { config, model, request, singleEndpoint, variant } from '../fakes/scenario.ts';
import { planFor, switchEverything } from './helpers.ts';

const RUN = 'arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:run-1';
const ctx = { modelName: 'Churn-Model', runId: RUN };

async function succeeded(mode: 'delete' | 'retain'): Promise<Extract<Outcome, { kind: 'succeeded' }>> {
  const sagemaker = singleEndpoint();
  const plan = await planFor(sagemaker, 'Churn-Model');
  const endpoints = await switchEverything(plan, sagemaker);
  return {
    kind: 'succeeded',
    plan,
    endpoints,
    retire: await retire({ mode, plan, endpoints }, { sagemaker }),
  };
}

async function planned(sagemaker: FakeSageMaker, name: string): Promise<Plan> {
  return planFor(sagemaker, name);
}

describe('findingUpdateFor', () => {
  it('resolves the finding when the original was deleted, naming the new model, the endpoints and the run', async () => {
    const outcome = await succeeded('delete');
    const update = findingUpdateFor(outcome, ctx);
    expect(update.status).toBe('RESOLVED');
    expect(update.note).toContain(RUN);
    expect(update.note).toContain(outcome.plan.cloneModelName ?? 'missing');
    expect(update.note).toContain('endpoint(s) switched: churn');
    expect(update.note).toContain('original model deleted');
  });

  it('leaves the finding NOTIFIED when the original is kept: it only closes once deleted', async () => {
    const update = findingUpdateFor(await succeeded('retain'), ctx);
    expect(update.status).toBe('NOTIFIED');
    expect(update.note).toMatch(/kept as configured .* closes when it is deleted/);
  });

  it('marks a started run NOTIFIED (never NEW, which would trigger another run)', async () => {
    const plan = await planned(singleEndpoint(), 'Churn-Model');
    const update = findingUpdateFor({ kind: 'started', plan, awaitingApproval: true }, ctx);
    expect(update.status).toBe('NOTIFIED');
    expect(update.note).toMatch(
      /isolating model Churn-Model\. Plan: clone as .* switch endpoint\(s\) churn\. Waiting for approval\./,
    );
  });

  it('resolves a noop for an isolated or vanished model and explains a blocked one', async () => {
    const isolated = await planned(new FakeSageMaker().seedModel(model('s', { isolated: true })), 's');
    expect(findingUpdateFor({ kind: 'planned', plan: isolated, dryRun: false }, ctx)).toMatchObject({
      status: 'RESOLVED',
      note: expect.stringMatching(/nothing to do\. Model s already has network isolation enabled\./),
    });
    const serverless = new FakeSageMaker()
      .seedModel(model('m'))
      .seedConfig(config('c', [variant('v', 'm', { serverless: true })]))
      .seedEndpoint('e', 'c');
    const blocked = await planned(serverless, 'm');
    expect(findingUpdateFor({ kind: 'planned', plan: blocked, dryRun: false }, ctx)).toMatchObject({
      status: 'NOTIFIED',
      note: expect.stringMatching(/was not changed: .*serverless/),
    });
  });

  it('describes what a dry run would do', async () => {
    const plan = await planned(singleEndpoint(), 'Churn-Model');
    const update = findingUpdateFor({ kind: 'planned', plan, dryRun: true }, ctx);
    expect(update.status).toBe('NOTIFIED');
    expect(update.note).toMatch(
      /dry run, nothing changed\. sm5 would clone Churn-Model as .* retire churn-config, Churn-Model/,
    );
  });

  it('records a rejection with who rejected and why', () => {
    const update = findingUpdateFor({ kind: 'rejected', reason: 'not during the sale', by: 'alice' }, ctx);
    expect(update.note).toMatch(/was rejected by alice: not during the sale\. Nothing was changed\./);
  });

  it("records a failure with the error's name and the Lambda's errorMessage from the Cause", () => {
    const cause = JSON.stringify({
      errorType: 'UpdateRolledBackError',
      errorMessage:
        'endpoint churn is InService on its old config churn-config: the update was rolled back (x)',
      trace: ['at ...'],
    });
    const update = findingUpdateFor(
      { kind: 'failed', error: { Error: 'UpdateRolledBackError', Cause: cause }, plan: null },
      ctx,
    );
    expect(update.status).toBe('NOTIFIED');
    expect(update.note).toMatch(
      /failed for model Churn-Model: UpdateRolledBackError: endpoint churn is InService/,
    );
    expect(update.note).toMatch(/the original model is kept/);
    expect(update.note).not.toContain('trace');
  });

  it('keeps every note within 512 characters', async () => {
    const outcome = await succeeded('delete');
    const first = outcome.endpoints[0];
    if (first === undefined) throw new Error('expected a switched endpoint');
    const many = Array.from({ length: 40 }, (_, i) => ({
      ...first,
      endpointName: `endpoint-${'x'.repeat(50)}-${i}`,
    }));
    const update = findingUpdateFor(
      { ...outcome, endpoints: many },
      { ...ctx, runId: `${RUN}-${'r'.repeat(200)}` },
    );
    // The facts survive; the run id shrinks to the execution's name and the endpoint list to a count.
    expect(Array.from(update.note).length).toBeLessThanOrEqual(MAX_NOTE_LENGTH);
    expect(update.note).toContain('original model deleted');
    expect(update.note).toContain(outcome.plan.cloneModelName ?? 'missing');
    expect(update.note).toMatch(/and \d+ more/);
    const long = findingUpdateFor({ kind: 'rejected', reason: 'r'.repeat(2000), by: null }, ctx);
    expect(Array.from(long.note)).toHaveLength(MAX_NOTE_LENGTH);
    expect(long.note.endsWith('…')).toBe(true);
  });
});

describe('failureMessage', () => {
  it('uses a plain-text Cause as it is, and says so when there is none', () => {
    expect(failureMessage({ Error: 'States.Timeout', Cause: 'approval timed out' })).toBe(
      'approval timed out',
    );
    expect(failureMessage({ Error: 'States.Timeout' })).toBe('no details');
  });
});

describe('recordOutcome', () => {
  it('updates the finding the request names', async () => {
    const securityHub = new FakeSecurityHub();
    const input = RecordOutcomeInput.parse({
      request: request('Churn-Model'),
      runId: RUN,
      outcome: { kind: 'rejected', reason: 'no', by: null },
    });
    const output = await recordOutcome(input, { securityHub });
    expect(output).toMatchObject({ recorded: true, status: 'NOTIFIED' });
    expect(securityHub.updates).toEqual([
      { ref: input.request.finding, update: { status: output.status, note: output.note } },
    ]);
  });

  it('builds the update but sends nothing for a request without a finding', async () => {
    const securityHub = new FakeSecurityHub();
    const output = await recordOutcome(
      {
        request: request('m', { finding: false }),
        runId: null,
        outcome: { kind: 'rejected', reason: 'no', by: null },
      },
      { securityHub },
    );
    expect(output.recorded).toBe(false);
    expect(output.note).toMatch(/^sm5: /);
    expect(securityHub.updates).toEqual([]);
  });

  it("lets Security Hub's refusal through as a named error", async () => {
    const securityHub = new FakeSecurityHub().failNext(new FindingUpdateError('unprocessed'));
    await expect(
      recordOutcome(
        { request: request('m'), runId: RUN, outcome: { kind: 'rejected', reason: 'no', by: null } },
        { securityHub },
      ),
    ).rejects.toThrow(FindingUpdateError);
  });
});
