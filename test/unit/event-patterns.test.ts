import { describe, expect, it } from 'vitest';
import { InvalidInputError } from '../../src/domain/errors.ts';
import {
  asffImportedPattern,
  CUSTOM_ACTION_ID,
  CUSTOM_ACTION_NAME,
  customActionArn,
  customActionPattern,
  ocsfImportedPattern,
} from '../../src/domain/event-patterns.ts';
import { matchesPattern } from '../../src/domain/pattern-match.ts';
import { ACTION_ARN, at, loadSample, SAMPLES, type SampleName, withChanges } from './findings/fixtures.ts';

/** Where the samples' findings are: the deployment whose rules should take them. */
const DEPLOYMENT = { account: '111122223333', region: 'us-east-1' };

const RULES = {
  'ASFF Imported': {
    pattern: asffImportedPattern(DEPLOYMENT),
    matches: ['asff-imported-consolidated', 'asff-imported-legacy'],
  },
  'OCSF Imported V2': { pattern: ocsfImportedPattern(DEPLOYMENT), matches: ['ocsf-imported-v2'] },
  'custom action': { pattern: customActionPattern(ACTION_ARN), matches: ['custom-action'] },
} as const satisfies Record<string, { pattern: unknown; matches: readonly SampleName[] }>;

describe('the EventBridge rules on the samples', () => {
  const cases = Object.entries(RULES).flatMap(([rule, { pattern, matches }]) =>
    SAMPLES.map((sample) => {
      const expected: boolean = (matches as readonly SampleName[]).includes(sample);
      return [rule, expected ? 'matches' : 'does not match', sample, pattern, expected] as const;
    }),
  );

  it.each(cases)('%s %s %s', (_rule, _verb, sample, pattern, expected) => {
    expect(matchesPattern(pattern, loadSample(sample))).toBe(expected);
  });

  it('has no rule that lets a negative sample through', () => {
    const negatives = SAMPLES.filter((sample) => sample.startsWith('negative-'));
    const leaks = negatives.filter((sample) =>
      Object.values(RULES).some(({ pattern }) => matchesPattern(pattern, loadSample(sample))),
    );
    expect(negatives).toHaveLength(4);
    expect(leaks).toEqual([]);
  });

  it('lets an ASFF finding through only while it is NEW, so its own updates do not re-trigger the run', () => {
    const notified = withChanges('asff-imported-consolidated', [[at('Workflow', 'Status'), 'NOTIFIED']]);
    expect(matchesPattern(asffImportedPattern(DEPLOYMENT), notified)).toBe(false);
  });

  it.each([
    ['another account', { ...DEPLOYMENT, account: '444455556666' }],
    ['another region', { ...DEPLOYMENT, region: 'eu-west-1' }],
  ])(
    'keeps out the findings of %s, which an aggregating account receives but cannot fix',
    (_where, deployment) => {
      expect(matchesPattern(asffImportedPattern(deployment), loadSample('asff-imported-consolidated'))).toBe(
        false,
      );
      expect(matchesPattern(ocsfImportedPattern(deployment), loadSample('ocsf-imported-v2'))).toBe(false);
    },
  );

  it.each([
    ['status_id', 2],
    ['activity_id', 3],
    ['compliance', { control: 'SageMaker.5', status: 'Pass' }],
    ['compliance', { control: 'SageMaker.4', status: 'Fail' }],
  ] as const)('keeps an OCSF finding out when %s is %j', (field, value) => {
    const event = withChanges('ocsf-imported-v2', [[at(field), value]]);
    expect(matchesPattern(ocsfImportedPattern(DEPLOYMENT), event)).toBe(false);
  });

  it('keeps out a custom action other than ours', () => {
    const pattern = customActionPattern('arn:aws:securityhub:us-east-1:111122223333:action/custom/Other');
    expect(matchesPattern(pattern, loadSample('custom-action'))).toBe(false);
  });

  it('names the custom action within Security Hub limits and builds the ARN the event carries', () => {
    expect(CUSTOM_ACTION_NAME.length).toBeLessThan(20);
    expect(CUSTOM_ACTION_ID).toMatch(/^[A-Za-z0-9]{1,20}$/);
    expect(customActionArn('aws', 'us-east-1', '111122223333')).toBe(ACTION_ARN);
  });
});

describe('matchesPattern semantics', () => {
  const event = {
    source: 'aws.test',
    n: 3,
    flag: false,
    nothing: null,
    tags: ['blue', 'green'],
    nested: { deep: { value: 'x' } },
    items: [
      { name: 'a', size: 1 },
      { name: 'b', size: 2 },
    ],
    grid: [[{ name: 'c' }], [{ name: 'd' }]],
  };

  it.each([
    ['an exact string', { source: ['aws.test'] }, true],
    ['another string', { source: ['aws.other'] }, false],
    ['any of several values', { source: ['aws.other', 'aws.test'] }, true],
    ['a number, by type', { n: [3] }, true],
    ['a number written as a string', { n: ['3'] }, false],
    ['false', { flag: [false] }, true],
    ['null', { nothing: [null] }, true],
    ['null against a missing field', { missing: [null] }, false],
    ['a nested object', { nested: { deep: { value: ['x'] } } }, true],
    ['a nested object with another value', { nested: { deep: { value: ['y'] } } }, false],
    ['a leaf condition on an object', { nested: ['x'] }, false],
    ['a nested pattern on a scalar', { source: { deep: ['x'] } }, false],
    ['any element of an array field', { tags: ['green'] }, true],
    ['no element of an array field', { tags: ['red'] }, false],
    ['a field of any object in an array', { items: { name: ['b'] } }, true],
    ['two fields of one array element', { items: { name: ['b'], size: [2] } }, true],
    ['two fields from different array elements', { items: { name: ['a'], size: [2] } }, false],
    ['objects in nested arrays', { grid: { name: ['d'] } }, true],
    ['every field of the pattern', { source: ['aws.test'], n: [4] }, false],
    ['a prefix', { source: [{ prefix: 'aws.' }] }, true],
    ['a prefix that does not start the value', { source: [{ prefix: 'test' }] }, false],
    ['a prefix against a number', { n: [{ prefix: '3' }] }, false],
    ['anything-but another value', { source: [{ 'anything-but': 'aws.other' }] }, true],
    ['anything-but the value', { source: [{ 'anything-but': ['aws.test', 'x'] }] }, false],
    ['anything-but a number', { n: [{ 'anything-but': [3] }] }, false],
    ['anything-but a prefix', { source: [{ 'anything-but': { prefix: 'aws.' } }] }, false],
    ['anything-but on an array with one other element', { tags: [{ 'anything-but': 'blue' }] }, true],
    ['anything-but on a missing field', { missing: [{ 'anything-but': 'x' }] }, false],
    ['exists on a present field', { source: [{ exists: true }] }, true],
    ['exists on a null field', { nothing: [{ exists: true }] }, true],
    ['exists on a missing field', { missing: [{ exists: true }] }, false],
    ['exists: false on a missing field', { missing: [{ exists: false }] }, true],
    ['exists: false on a present field', { source: [{ exists: false }] }, false],
    ['exists on an object (not a leaf)', { nested: [{ exists: true }] }, false],
  ] as const)('%s: %j → %s', (_name, pattern, expected) => {
    expect(matchesPattern(pattern, event)).toBe(expected);
  });

  it('does not match a non-object event', () => {
    expect(matchesPattern({ source: ['x'] }, 'x')).toBe(false);
    expect(matchesPattern({ source: ['x'] }, null)).toBe(false);
  });

  it('does not read inherited properties of the event', () => {
    expect(matchesPattern({ toString: [{ exists: true }] }, {})).toBe(false);
  });

  it.each([
    [{ source: [{ suffix: '.test' }] }, /source: operator "suffix" is not supported/],
    [{ source: [{ 'equals-ignore-case': 'AWS.TEST' }] }, /operator "equals-ignore-case" is not supported/],
    [{ n: [{ numeric: ['>', 1] }] }, /operator "numeric" is not supported/],
    [{ source: [{ wildcard: 'aws.*' }] }, /operator "wildcard" is not supported/],
    [{ $or: [{ source: ['x'] }] }, /"\$or" is not supported/],
    [{ detail: { x: [{ cidr: '10.0.0.0/8' }] } }, /detail\.x: operator "cidr" is not supported/],
    [{ source: [{ prefix: { 'equals-ignore-case': 'aws' } }] }, /malformed operator "prefix"/],
    [{ source: [{ 'anything-but': { suffix: 'x' } }] }, /anything-but takes/],
    [{ source: [{ prefix: 'a', exists: true }] }, /exactly one key/],
    [{ source: [] }, /cannot be empty/],
    [{ source: 'aws.test' }, /a list of conditions or a nested pattern object/],
    [{ detail: {} }, /detail: a pattern object cannot be empty/],
    [[], /a pattern is an object/],
  ])('rejects the unsupported pattern %j instead of mismatching', (pattern, message) => {
    expect(() => matchesPattern(pattern, event)).toThrow(InvalidInputError);
    expect(() => matchesPattern(pattern, event)).toThrow(message);
  });

  it('rejects an unsupported operator even when an earlier field already fails', () => {
    const pattern = { source: ['no'], n: [{ numeric: ['>', 1] }] };
    expect(() => matchesPattern(pattern, event)).toThrow(InvalidInputError);
  });
});
