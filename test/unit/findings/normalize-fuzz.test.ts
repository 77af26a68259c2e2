import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isSm5Error } from '../../../src/domain/errors.ts';
import { normalizeDirect, normalizeEvent, normalizeEventAll } from '../../../src/domain/findings/index.ts';
import { RemediationRequest } from '../../../src/domain/request.ts';
import {
  ACTION_ARN,
  allPaths,
  CTX,
  getAt,
  loadSample,
  MODEL_ARN,
  type Path,
  SAMPLES,
  type SampleName,
  setAt,
} from './fixtures.ts';
import {
  expectAgreesWithRules,
  isRelevant,
  type Outcome,
  outcomeOf,
  relevantLeaves,
} from './rules-oracle.ts';

const SAMPLE_EVENTS = new Map(SAMPLES.map((name) => [name, loadSample(name)]));
const sample = (name: SampleName): unknown => structuredClone(SAMPLE_EVENTS.get(name));

/** Values the rules care about, so mutations hit the interesting cases far more often than chance. */
const INTERESTING = [
  'FAILED',
  'PASSED',
  'NEW',
  'NOTIFIED',
  'RESOLVED',
  'SUPPRESSED',
  'ACTIVE',
  'ARCHIVED',
  'SageMaker.5',
  'SageMaker.4',
  'Fail',
  'Pass',
  'Close',
  '111122223333',
  '444455556666',
  'us-east-1',
  'eu-west-1',
  MODEL_ARN,
  'arn:aws:sagemaker:us-east-1:111122223333:model/Other-Model',
  'arn:aws:sagemaker:eu-west-1:111122223333:model/fraud-scorer-v3',
  'arn:aws:sagemaker:us-east-1:444455556666:model/fraud-scorer-v3',
  'arn:aws:sagemaker:us-east-1:111122223333:endpoint/fraud-scorer-v3',
  ACTION_ARN,
  '',
  0,
  1,
  3,
  4,
  null,
  true,
  [],
  {},
];

const mutationArb = fc.record({
  pick: fc.nat(),
  remove: fc.boolean(),
  value: fc.oneof(fc.constantFrom(...INTERESTING), fc.jsonValue({ maxDepth: 2 })),
});

const mutatedSampleArb = fc
  .record({
    name: fc.constantFrom(...SAMPLES),
    mutations: fc.array(mutationArb, { minLength: 1, maxLength: 4 }),
  })
  .map(({ name, mutations }) => {
    const event = sample(name);
    const touched: Path[] = [];
    for (const { pick, remove, value } of mutations) {
      const paths = allPaths(event);
      const path = paths[pick % paths.length];
      if (path === undefined) break;
      setAt(event, path, remove ? undefined : structuredClone(value));
      touched.push(path);
    }
    return { name, event, touched };
  });

function comparable(outcome: Outcome): unknown {
  return outcome.kind === 'request' ? outcome.request : { name: outcome.name, reason: outcome.reason };
}

describe('normalizeEvent on mutated samples', () => {
  it('gives a request true to the rules, or one of our named errors, never anything else', () => {
    fc.assert(
      fc.property(mutatedSampleArb, ({ event }) => {
        // Act
        const outcome = outcomeOf(() => normalizeEvent(event, CTX));
        // Assess: outcomeOf already failed on any error that is not ours
        if (outcome.kind === 'request') expectAgreesWithRules(event, outcome.request);
      }),
      { numRuns: 500 },
    );
  });

  it('is not moved by changes to fields the rules do not read', () => {
    fc.assert(
      fc.property(mutatedSampleArb, ({ name, event, touched }) => {
        // Prepare: only mutations that avoid every path the rules read
        const original = sample(name);
        fc.pre(touched.every((path) => !isRelevant(path, relevantLeaves(original))));
        // Act
        const outcome = outcomeOf(() => normalizeEvent(event, CTX));
        // Assess
        expect(comparable(outcome)).toEqual(comparable(outcomeOf(() => normalizeEvent(original, CTX))));
      }),
      { numRuns: 200 },
    );
  });

  it('never throws anything but our named errors for arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (input) => {
        outcomeOf(() => normalizeEvent(input, CTX));
      }),
    );
  });
});

describe('normalizeEventAll on a custom action carrying mutated findings', () => {
  it('accounts for every finding: a valid request or a named rejection each', () => {
    const findingArb = mutatedSampleArb.map(({ event }) => getAt(event, ['detail', 'findings', 0]));
    fc.assert(
      fc.property(fc.array(findingArb, { minLength: 1, maxLength: 5 }), (findings) => {
        // Prepare
        const event = sample('custom-action');
        setAt(event, ['detail', 'findings'], findings);
        // Act
        const { requests, rejected } = normalizeEventAll(event, CTX);
        // Assess
        expect(requests.length + rejected.length).toBe(findings.length);
        for (const request of requests) expect(RemediationRequest.safeParse(request).success).toBe(true);
        for (const { error, findingId } of rejected) {
          expect(isSm5Error(error)).toBe(true);
          expect(findingId).not.toBe('');
        }
      }),
    );
  });
});

describe('normalizeDirect on arbitrary requests', () => {
  const nameArb = fc.oneof(fc.stringMatching(/^[a-zA-Z0-9](-?[a-zA-Z0-9]){0,20}$/), fc.string());
  const requestArb = fc.oneof(
    fc.record(
      {
        modelName: nameArb,
        modelArn: fc.oneof(
          fc.constantFrom(...INTERESTING.filter((value) => typeof value === 'string')),
          fc.string(),
        ),
        accountId: fc.constantFrom('111122223333', '444455556666', '12'),
        region: fc.constantFrom('us-east-1', 'eu-west-1', 'nowhere'),
        other: fc.jsonValue(),
      },
      { requiredKeys: [] },
    ),
    fc.jsonValue(),
  );

  it('gives a request for exactly the model asked for, or one of our named errors', () => {
    fc.assert(
      fc.property(requestArb, (input) => {
        const outcome = outcomeOf(() => normalizeDirect(input, CTX));
        if (outcome.kind !== 'request') return;
        const { request } = outcome;
        expect(RemediationRequest.safeParse(request).success).toBe(true);
        expect(request).toMatchObject({ finding: null, trigger: 'cli', ...CTX });
        const name = getAt(input, ['modelName']);
        const arn = getAt(input, ['modelArn']);
        expect(name === undefined).not.toBe(arn === undefined);
        if (typeof name === 'string') expect(request.modelName).toBe(name);
        const expectedArn =
          typeof arn === 'string' ? arn : `arn:aws:sagemaker:us-east-1:111122223333:model/${name}`;
        expect(request.modelArn).toBe(expectedArn.toLowerCase());
      }),
    );
  });
});
