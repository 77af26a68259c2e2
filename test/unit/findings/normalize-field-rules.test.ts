import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FindingRejection } from '../../../src/domain/errors.ts';
import { normalizeEvent } from '../../../src/domain/findings/index.ts';
import { at, CTX, loadSample, type Path, type SampleName, withChanges } from './fixtures.ts';
import { type Outcome, outcomeOf } from './rules-oracle.ts';

/** 'ok' means: the same request as the untouched sample's (modulo the model, for resource changes). */
type Expected = 'ok' | FindingRejection;

function expectOutcome(name: SampleName, path: Path, value: unknown, expected: Expected): Outcome {
  const outcome = outcomeOf(() => normalizeEvent(withChanges(name, [[path, value]]), CTX));
  if (expected === 'ok') {
    expect(outcome.kind).toBe('request');
  } else {
    expect(outcome).toMatchObject({ kind: 'rejected', reason: expected });
  }
  return outcome;
}

const oneOf = (...values: string[]) => fc.oneof(fc.constantFrom(...values), fc.string());

interface FieldRule {
  sample: SampleName;
  path: Path;
  values: fc.Arbitrary<unknown>;
  expected: (value: unknown) => Expected;
}

const accountArb = fc.oneof(fc.constant(CTX.accountId), fc.stringMatching(/^\d{12}$/), fc.string());
const regionArb = fc.oneof(fc.constantFrom(CTX.region, 'eu-west-1', 'us-east-2'), fc.string());

const FIELD_RULES: Record<string, FieldRule> = {
  'ASFF Compliance.SecurityControlId': {
    sample: 'asff-imported-consolidated',
    path: at('Compliance', 'SecurityControlId'),
    values: oneOf('SageMaker.5', 'SageMaker.4', 'sagemaker.5', 'SageMaker.5 '),
    expected: (value) => (value === 'SageMaker.5' ? 'ok' : 'not-sagemaker-5'),
  },
  'ASFF Compliance.Status': {
    sample: 'asff-imported-consolidated',
    path: at('Compliance', 'Status'),
    values: oneOf('FAILED', 'PASSED', 'WARNING', 'NOT_AVAILABLE', 'failed'),
    expected: (value) => (value === 'FAILED' ? 'ok' : 'not-failed'),
  },
  'ASFF RecordState': {
    sample: 'asff-imported-legacy',
    path: at('RecordState'),
    values: oneOf('ACTIVE', 'ARCHIVED', 'active'),
    expected: (value) => (value === 'ACTIVE' ? 'ok' : 'not-active'),
  },
  'ASFF Workflow.Status, automatic': {
    sample: 'asff-imported-consolidated',
    path: at('Workflow', 'Status'),
    values: oneOf('NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'),
    expected: (value) => (value === 'NEW' ? 'ok' : value === 'SUPPRESSED' ? 'suppressed' : 'not-new'),
  },
  'ASFF Workflow.Status, custom action': {
    sample: 'custom-action',
    path: at('Workflow', 'Status'),
    values: oneOf('NEW', 'NOTIFIED', 'RESOLVED', 'SUPPRESSED'),
    expected: (value) => (value === 'SUPPRESSED' ? 'suppressed' : 'ok'),
  },
  'ASFF AwsAccountId': {
    sample: 'custom-action',
    path: at('AwsAccountId'),
    values: accountArb,
    expected: (value) => (value === CTX.accountId ? 'ok' : 'wrong-account'),
  },
  'ASFF Region': {
    sample: 'asff-imported-legacy',
    path: at('Region'),
    values: regionArb,
    expected: (value) => (value === CTX.region ? 'ok' : 'wrong-region'),
  },
  'OCSF compliance.control': {
    sample: 'ocsf-imported-v2',
    path: at('compliance', 'control'),
    values: oneOf('SageMaker.5', 'SageMaker.4'),
    expected: (value) => (value === 'SageMaker.5' ? 'ok' : 'not-sagemaker-5'),
  },
  'OCSF compliance.status': {
    sample: 'ocsf-imported-v2',
    path: at('compliance', 'status'),
    values: oneOf('Fail', 'Pass', 'Warning', 'FAIL'),
    expected: (value) => (value === 'Fail' ? 'ok' : 'not-failed'),
  },
  'OCSF status_id': {
    sample: 'ocsf-imported-v2',
    path: at('status_id'),
    values: fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 99), fc.integer()),
    expected: (value) =>
      value === 1 ? 'ok' : value === 3 ? 'suppressed' : value === 4 ? 'not-active' : 'not-new',
  },
  'OCSF activity_id': {
    sample: 'ocsf-imported-v2',
    path: at('activity_id'),
    values: fc.oneof(fc.constantFrom(0, 1, 2, 3, 99), fc.integer()),
    expected: (value) => (value === 3 ? 'not-active' : 'ok'),
  },
  'OCSF cloud.account.uid': {
    sample: 'ocsf-imported-v2',
    path: at('cloud', 'account', 'uid'),
    values: accountArb,
    expected: (value) => (value === CTX.accountId ? 'ok' : 'wrong-account'),
  },
  'OCSF cloud.region': {
    sample: 'ocsf-imported-v2',
    path: at('cloud', 'region'),
    values: regionArb,
    expected: (value) => (value === CTX.region ? 'ok' : 'wrong-region'),
  },
};

describe('each rule, field by field', () => {
  it.each(Object.entries(FIELD_RULES))('%s decides exactly as the rule says', (_, rule) => {
    const base = outcomeOf(() => normalizeEvent(loadSample(rule.sample), CTX));
    fc.assert(
      fc.property(rule.values, (value) => {
        const outcome = expectOutcome(rule.sample, rule.path, value, rule.expected(value));
        if (outcome.kind === 'request') expect(outcome).toEqual(base);
      }),
    );
  });
});

describe('the model ARN', () => {
  const VALID_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
  const arnArb = fc.record({
    partition: fc.constantFrom('aws', 'aws-cn', 'aws-us-gov', 'aws-iso'),
    region: fc.constantFrom(CTX.region, 'eu-west-1'),
    account: fc.constantFrom(CTX.accountId, '444455556666', '1234'),
    type: fc.constantFrom('model', 'endpoint', 'endpoint-config', 'Model'),
    name: fc.oneof(
      fc.stringMatching(VALID_NAME),
      fc.constantFrom('bad_name', '-lead', 'trail-', '', 'a'.repeat(64), 'Fraud-Scorer'),
    ),
  });

  function expectedFor(parts: {
    partition: string;
    region: string;
    account: string;
    type: string;
    name: string;
  }): Expected {
    const wellFormed =
      ['aws', 'aws-cn', 'aws-us-gov'].includes(parts.partition) &&
      /^\d{12}$/.test(parts.account) &&
      parts.type === 'model' &&
      VALID_NAME.test(parts.name);
    if (!wellFormed) return 'not-a-model';
    if (parts.account !== CTX.accountId) return 'wrong-account';
    if (parts.region !== CTX.region || parts.partition !== 'aws') return 'wrong-region';
    return 'ok';
  }

  it.each([
    ['asff-imported-consolidated', at('Resources', 0, 'Id')],
    ['ocsf-imported-v2', at('resources', 0, 'uid_alt')],
  ] as const)('of %s is accepted only for a model here, with its name as written', (sample, path) => {
    fc.assert(
      fc.property(arnArb, (parts) => {
        const arn = `arn:${parts.partition}:sagemaker:${parts.region}:${parts.account}:${parts.type}/${parts.name}`;
        const outcome = expectOutcome(sample, path, arn, expectedFor(parts));
        if (outcome.kind === 'request') {
          expect(outcome.request.modelName).toBe(parts.name);
          expect(outcome.request.modelArn).toBe(
            `arn:aws:sagemaker:us-east-1:111122223333:model/${parts.name.toLowerCase()}`,
          );
        }
      }),
    );
  });
});
