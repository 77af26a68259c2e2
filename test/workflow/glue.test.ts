/** The pure workflow glue: execution input to state, state to the steps' inputs and to the recorded outcome. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { FindingRejectedError, InvalidInputError, UnsupportedEventError } from '../../src/domain/errors.ts';
import { makePlan } from '../../src/domain/plan/make-plan.ts';
import { rejectionFailure } from '../../src/domain/workflow/approval.ts';
import { normalizeExecution } from '../../src/domain/workflow/normalize-execution.ts';
import { substitutePlaceholders } from '../../src/domain/workflow/placeholders.ts';
import { outcomeOf } from '../../src/domain/workflow/record.ts';
import { retireInputOf } from '../../src/domain/workflow/retire-input.ts';
import { lockLeaseSeconds, WorkflowSettings } from '../../src/domain/workflow/settings.ts';
import type { EndpointSwitch, WorkflowState } from '../../src/domain/workflow/state.ts';
import { request as planRequest, singleEndpoint } from '../unit/domain/fakes/scenario.ts';
import { findingEvent, modelArn } from './helpers.ts';

const EXECUTION = 'arn:aws:states:us-east-1:111122223333:execution:sm5-remediate-model:run-1';
const START = '2026-11-26T10:00:00.000Z';
const settings = WorkflowSettings.parse({});
const CustomActionEvent = z.looseObject({
  detail: z.looseObject({ findings: z.array(z.looseObject({ Id: z.string() })) }),
});
const customAction = CustomActionEvent.parse(
  JSON.parse(readFileSync(new URL('../fixtures/events/custom-action.json', import.meta.url), 'utf8')),
);
const withFindings = (findings: unknown[]) => ({
  ...customAction,
  detail: { ...customAction.detail, findings },
});

function normalize(event: unknown, defaultMode = 'approval') {
  return normalizeExecution({ event, startTime: START, defaultMode }, EXECUTION, settings);
}

describe('normalizeExecution', () => {
  it('turns a finding event into the request and the run, in the account and region of the execution', () => {
    const { run, request } = normalize(findingEvent('fraud'));
    const now = Date.parse(START) / 1000;
    expect(request).toMatchObject({
      modelArn: modelArn('fraud'),
      trigger: 'auto',
      accountId: '111122223333',
    });
    expect(run).toMatchObject({
      executionArn: EXECUTION,
      mode: 'approval',
      now,
      lockExpiresAt: now + lockLeaseSeconds(settings),
      requestedBy: null,
      waitPolicy: { initialWaitSeconds: 30, maxWaitSeconds: 300, totalTimeoutSeconds: 7200 },
    });
  });

  it("takes sm5 start's model, mode and caller over the state machine's mode", () => {
    const { run, request } = normalize({
      sm5: {
        request: { modelName: 'Fraud' },
        mode: 'dry-run',
        requestedBy: 'arn:aws:iam::111122223333:user/a',
      },
    });
    expect(request).toMatchObject({ modelName: 'Fraud', finding: null, trigger: 'cli' });
    expect(run).toMatchObject({ mode: 'dry-run', requestedBy: 'arn:aws:iam::111122223333:user/a' });
  });

  it('reads an event wrapped by sm5 start exactly as the bare event', () => {
    const wrapped = normalize({ sm5: { event: findingEvent('fraud'), mode: 'auto' } });
    expect(wrapped.request).toEqual(normalize(findingEvent('fraud')).request);
    expect(wrapped.run.mode).toBe('auto');
  });

  it('rejects, with named errors, what it must not act on', () => {
    const otherAccount = JSON.parse(
      JSON.stringify(findingEvent('fraud')).replaceAll('111122223333', '444455556666'),
    );
    expect(() => normalize(otherAccount)).toThrow(FindingRejectedError);
    expect(() => normalize({ source: 'aws.s3', 'detail-type': 'Object Created', detail: {} })).toThrow(
      UnsupportedEventError,
    );
    expect(() => normalize({ sm5: { request: { modelName: 'a' }, event: findingEvent('a') } })).toThrow(
      InvalidInputError,
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: an unsubstituted ASL placeholder, not a template
    expect(() => normalize(findingEvent('fraud'), '${DefaultMode}')).toThrow(/DefaultMode substitution/);
  });

  it('takes the one model of a custom action, and refuses an action on findings of several models', () => {
    expect(normalize(customAction).request.trigger).toBe('custom-action');
    const [first] = customAction.detail.findings;
    const other: unknown = JSON.parse(JSON.stringify(first).replaceAll('fraud-scorer-v3', 'other-model'));
    const sameModel = { ...first, Id: `${first?.Id}-legacy` };
    expect(normalize(withFindings([first, sameModel])).request.modelName).toBe('fraud-scorer-v3');
    expect(() => normalize(withFindings([first, other]))).toThrow(/2 models/);
  });
});

const run = normalize(findingEvent('fraud')).run;
const request = planRequest('Churn-Model');
const plan = await makePlan(request, { sagemaker: singleEndpoint() }, { runId: EXECUTION });

function state(extra: Partial<WorkflowState>): WorkflowState {
  return { run, request, ...extra };
}

describe('outcomeOf', () => {
  it("reads a rejection's approver and reason from the SendTaskFailure cause", () => {
    const { error, cause } = rejectionFailure({ approver: 'bob', reason: 'not now' });
    expect(
      outcomeOf({ phase: 'rejected', state: state({ plan, error: { Error: error, Cause: cause } }) }),
    ).toEqual({
      outcome: { kind: 'rejected', reason: 'not now', by: 'bob' },
      label: 'rejected',
    });
  });

  it('treats an answer that does not approve as a rejection by whoever sent it', () => {
    const answer = { approved: false, approver: 'carol', comment: null };
    const { outcome } = outcomeOf({ phase: 'rejected', state: state({ plan, approval: answer }) });
    expect(outcome).toMatchObject({ kind: 'rejected', by: null });
  });

  it('names the endpoints that were not switched when the run failed there', () => {
    const switches: EndpointSwitch[] = [
      { endpointName: 'a', done: false, error: { Error: 'UpdateRolledBackError', Cause: 'a rolled back' } },
      {
        endpointName: 'b',
        done: false,
        error: { Error: 'EndpointNotReadyError', Cause: 'not InService in time' },
      },
    ];
    const { outcome, label } = outcomeOf({ phase: 'failed', state: state({ plan, switches }) });
    expect(label).toBe('failed');
    expect(outcome).toMatchObject({
      kind: 'failed',
      error: { Error: 'UpdateRolledBackError', Cause: 'a rolled back; endpoint b: not InService in time' },
    });
  });

  it('labels a plan-only run by its verdict', () => {
    const blocked = { ...plan, verdict: 'blocked' as const };
    expect(outcomeOf({ phase: 'planned', state: state({ plan: blocked }) }).label).toBe('blocked');
    expect(outcomeOf({ phase: 'dry-run', state: state({ plan: blocked }) }).outcome).toMatchObject({
      dryRun: true,
    });
  });
});

describe('retireInputOf', () => {
  it('refuses while an endpoint is not verified on its new config', () => {
    const switches: EndpointSwitch[] = [
      { endpointName: 'a', done: false, error: { Error: 'UpdateRolledBackError', Cause: 'x' } },
    ];
    expect(() => retireInputOf({ mode: 'delete', plan, switches })).toThrow(
      /endpoint\(s\) a are not verified/,
    );
  });
});

describe('substitutePlaceholders', () => {
  it('escapes values for the JSON strings they land in', () => {
    const values = {
      NormalizeFunctionArn: 'a"b',
      PlanFunctionArn: '',
      CloneModelFunctionArn: '',
      CreateEndpointConfigFunctionArn: '',
      SwitchEndpointFunctionArn: '',
      CheckEndpointFunctionArn: '',
      RetireFunctionArn: '',
      RecordOutcomeFunctionArn: '',
      LockTableName: '',
      NotificationTopicArn: '',
      DefaultMode: '',
    };
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ASL placeholder syntax, not a template
    expect(JSON.parse(substitutePlaceholders('{"r": "${NormalizeFunctionArn}"}', values))).toEqual({
      r: 'a"b',
    });
  });
});
