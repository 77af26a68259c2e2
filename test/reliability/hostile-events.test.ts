/**
 * Hostile and broken execution input at the workflow's entry: any JSON, real events with their members
 * deleted or replaced, broken `sm5 start` requests, and the same events published on the sandbox's
 * EventBridge bus. Whatever the pure normaliser refuses, the running workflow refuses in its Normalize step,
 * with the same named error, before it locks, reads or writes anything: the request log shows no call.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSm5Error } from '../../src/domain/errors.ts';
import { normalizeExecution } from '../../src/domain/workflow/normalize-execution.ts';
import { WorkflowSettings } from '../../src/domain/workflow/settings.ts';
import { sm5EventBus } from '../../src/local/eventbridge/index.ts';
import { ACCOUNT, finding, findingEvent, findingId, modelRequest, REGION } from './support/fixtures.ts';
import { mutate, mutationsArb } from './support/hostile.ts';
import { callsIn } from './support/invariants.ts';
import { propertyParameters } from './support/params.ts';
import { openWorld, REJECTIONS, type World } from './support/world.ts';

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../fixtures/events/${name}`, import.meta.url), 'utf8'));

/** Real events that start a remediation, each for a model of this account and region. */
const GOOD_EVENTS: ReadonlyMap<string, unknown> = new Map([
  ['asff', findingEvent('fraud')],
  ['asff-legacy', fixture('asff-imported-legacy.json')],
  ['custom-action', fixture('custom-action.json')],
  ['ocsf', fixture('ocsf-imported-v2.json')],
  [
    'sm5-start',
    {
      sm5: {
        mode: 'auto',
        request: { modelName: 'fraud' },
        requestedBy: 'arn:aws:iam::111122223333:user/ops',
      },
    },
  ],
]);

const EXECUTION = `arn:aws:states:${REGION}:${ACCOUNT}:execution:sm5-remediate-model:oracle`;

/** What the pure normaliser makes of the input: the named error it refuses it with, or null if it accepts. */
function oracle(input: unknown): string | null {
  try {
    normalizeExecution(
      { event: input, startTime: '2026-11-26T10:00:00Z', defaultMode: 'auto' },
      EXECUTION,
      WorkflowSettings.parse({}),
    );
    return null;
  } catch (error) {
    return isSm5Error(error) ? error.name : `unnamed ${String(error)}`;
  }
}

let w: World;

beforeAll(async () => {
  w = await openWorld({ scenario: { models: [modelRequest('fraud'), modelRequest('fraud-scorer-v3')] } });
});

afterAll(async () => {
  await w.close();
});

/** Runs the input; answers what went wrong (nothing, for a clean refusal before any call). */
async function refusal(input: unknown, expected: string): Promise<string[]> {
  const updates = w.sb.securityHub.history(findingId('fraud')).length;
  const run = await w.run('fraud', input);
  const problems: string[] = [];
  if (run.status !== 'FAILED' || run.error !== expected) {
    problems.push(`ended ${run.status} ${run.error ?? ''}, expected FAILED ${expected}`);
  }
  if (run.states.join() !== 'Normalize') problems.push(`entered ${run.states.join(', ')}`);
  const calls = callsIn(w.sb, run.requests.from, run.requests.to);
  if (calls.length > 0) problems.push(`made AWS calls: ${calls.join(', ')}`);
  if (w.sb.securityHub.history(findingId('fraud')).length !== updates) problems.push('updated a finding');
  if ((await w.locks()).length > 0) problems.push('left a lock');
  return problems;
}

describe('hostile execution input', () => {
  it('any JSON at all is refused with a named error and no AWS call', async () => {
    await fc.assert(
      // A falsy bare input (null, false, 0, "") never reaches Normalize: the sandbox's ASL engine finds no
      // value at `$` (States.Runtime, tested below). EventBridge sends objects; `sm5 start` always does.
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }).filter(Boolean), async (input) => {
        const expected = oracle(input);
        fc.pre(expected !== null);
        expect(expected).toSatisfy((name: string) => REJECTIONS.has(name));
        expect(await refusal(input, expected ?? '')).toEqual([]);
      }),
      propertyParameters(30),
    );
  });

  it('real events and sm5 start requests with broken members are refused as the normaliser refuses them', async () => {
    const cases = fc
      .constantFrom(...GOOD_EVENTS.keys())
      .chain((kind) => mutationsArb(GOOD_EVENTS.get(kind)).map((mutations) => ({ kind, mutations })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ kind, mutations }) => {
        const input = mutate(GOOD_EVENTS.get(kind), mutations);
        const expected = oracle(input);
        fc.pre(expected !== null);
        expect(expected).toSatisfy((name: string) => REJECTIONS.has(name));
        expect(await refusal(input, expected ?? '')).toEqual([]);
      }),
      { ...propertyParameters(40), maxSkipsPerRun: 1000 },
    );
  });

  it.each([null, false, 0, ''])(
    'a bare %j input fails in the Normalize state itself, before any call',
    async (input) => {
      const run = await w.run('fraud', input);
      expect(run).toMatchObject({ status: 'FAILED', error: 'States.Runtime', states: ['Normalize'] });
      expect(callsIn(w.sb, run.requests.from, run.requests.to)).toEqual([]);
    },
  );

  it.each([
    [
      'a finding that passed',
      { Compliance: { Status: 'PASSED', SecurityControlId: 'SageMaker.5' } },
      'FindingRejectedError',
    ],
    ['an archived finding', { RecordState: 'ARCHIVED' }, 'FindingRejectedError'],
    ['a suppressed finding', { Workflow: { Status: 'SUPPRESSED' } }, 'FindingRejectedError'],
    [
      'another control',
      { Compliance: { Status: 'FAILED', SecurityControlId: 'SageMaker.4' } },
      'FindingRejectedError',
    ],
    ['another account', { AwsAccountId: '444455556666' }, 'FindingRejectedError'],
    ['another region', { Region: 'eu-west-1' }, 'FindingRejectedError'],
    [
      'a resource that is not a model',
      {
        Resources: [
          { Type: 'AwsSageMakerEndpoint', Id: `arn:aws:sagemaker:${REGION}:${ACCOUNT}:endpoint/fraud` },
        ],
      },
      'FindingRejectedError',
    ],
  ])('%s is refused before anything is touched', async (_case, change, expected) => {
    // Prepare: the finding's event with one member changed
    const event = mutate(
      findingEvent('fraud'),
      Object.entries(change).map(([key, value]) => ({
        op: 'set' as const,
        path: ['detail', 'findings', 0, key],
        value,
      })),
    );

    // Act + Assess
    expect(oracle(event)).toBe(expected);
    expect(await refusal(event, expected)).toEqual([]);
  });

  it('a custom action on findings of two models is refused (one model per run), touching nothing', async () => {
    const event = mutate(findingEvent('fraud'), [
      { op: 'set', path: ['detail-type'], value: 'Security Hub Findings - Custom Action' },
      { op: 'set', path: ['detail', 'findings', 1], value: finding('other') },
    ]);
    expect(oracle(event)).toBe('UnsupportedEventError');
    expect(await refusal(event, 'UnsupportedEventError')).toEqual([]);
  });
});

describe('hostile events on the EventBridge bus', () => {
  it('start nothing when no rule matches, and only runs that refuse them before any call when one does', async () => {
    const bus = sm5EventBus(w.sb, w.workflow.stateMachineArn);
    const cases = fc
      .constantFrom('asff', 'asff-legacy', 'custom-action', 'ocsf')
      .chain((kind) => mutationsArb(GOOD_EVENTS.get(kind)).map((mutations) => ({ kind, mutations })));
    await fc.assert(
      fc.asyncProperty(cases, async ({ kind, mutations }) => {
        const event = mutate(GOOD_EVENTS.get(kind), mutations);
        const expected = oracle(event);
        fc.pre(expected !== null);
        const from = w.sb.requestLog.length;
        const executions = await bus.publish(event).then(
          (deliveries) => deliveries.flatMap((d) => (d.result === undefined ? [] : [d.result])),
          () => [],
        );
        for (const executionArn of executions) {
          const run = await w.finish('fraud', executionArn, from);
          expect(run).toMatchObject({ status: 'FAILED', error: expected, states: ['Normalize'] });
        }
        expect(callsIn(w.sb, from)).toEqual([]);
      }),
      { ...propertyParameters(30), maxSkipsPerRun: 1000 },
    );
  });
});
