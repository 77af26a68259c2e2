import { describe, expect, it } from 'vitest';
import {
  FindingRejectedError,
  type FindingRejection,
  InvalidInputError,
  UnsupportedEventError,
} from '../../../src/domain/errors.ts';
import { findingRefsOf, normalizeEvent, normalizeEventAll } from '../../../src/domain/findings/index.ts';
import { at, CTX, loadSample, MODEL_ARN, type Path, type SampleName, withChanges } from './fixtures.ts';

const CONSOLIDATED_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/SageMaker.5/finding/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const LEGACY_ID =
  'arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/SageMaker.5/finding/0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a';
const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';

function rejection(input: unknown, ctx: Parameters<typeof normalizeEvent>[1] = CTX): FindingRejectedError {
  try {
    normalizeEvent(input, ctx);
  } catch (error) {
    if (error instanceof FindingRejectedError) return error;
    throw error;
  }
  throw new Error('expected a FindingRejectedError, got a request');
}

function expectRejected(input: unknown, reason: FindingRejection, message: string | RegExp): void {
  const error = rejection(input);
  expect(error.reason).toBe(reason);
  expect(error.message).toMatch(message);
}

const change = (name: SampleName, ...changes: [Path, unknown][]) => withChanges(name, changes);

describe('normalizeEvent: the samples', () => {
  it('turns the consolidated ASFF finding into an automatic request for its model', () => {
    // Prepare
    const event = loadSample('asff-imported-consolidated');
    // Act
    const request = normalizeEvent(event, CTX);
    // Assess
    expect(request).toEqual({
      finding: { api: 'asff', id: CONSOLIDATED_ID, productArn: PRODUCT_ARN },
      accountId: '111122223333',
      region: 'us-east-1',
      modelArn: MODEL_ARN,
      modelName: 'fraud-scorer-v3',
      trigger: 'auto',
    });
  });

  it('turns the legacy per-standard finding into a request that points back at the legacy finding', () => {
    const request = normalizeEvent(loadSample('asff-imported-legacy'), CTX);
    expect(request.finding).toEqual({ api: 'asff', id: LEGACY_ID, productArn: PRODUCT_ARN });
    expect(request.modelArn).toBe(MODEL_ARN);
    expect(request.trigger).toBe('auto');
  });

  it('accepts the custom action although its finding is NOTIFIED, and says it was asked for', () => {
    const request = normalizeEvent(loadSample('custom-action'), CTX);
    expect(request.trigger).toBe('custom-action');
    expect(request.finding).toEqual({ api: 'asff', id: CONSOLIDATED_ID, productArn: PRODUCT_ARN });
    expect(request.modelName).toBe('fraud-scorer-v3');
  });

  it('turns the OCSF finding into a request that carries the three ids BatchUpdateFindingsV2 needs', () => {
    const request = normalizeEvent(loadSample('ocsf-imported-v2'), CTX);
    expect(request).toEqual({
      finding: {
        api: 'ocsf',
        findingInfoUid: CONSOLIDATED_ID,
        cloudAccountUid: '111122223333',
        metadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
      },
      accountId: '111122223333',
      region: 'us-east-1',
      modelArn: MODEL_ARN,
      modelName: 'fraud-scorer-v3',
      trigger: 'auto',
    });
  });

  it.each([
    ['negative-asff-passed', 'not-failed', /has compliance status PASSED, not FAILED/],
    [
      'negative-asff-other-control',
      'not-sagemaker-5',
      /SageMaker\.4\/finding\/\S+ is for control SageMaker\.4, not SageMaker\.5/,
    ],
    ['negative-asff-suppressed', 'suppressed', /is SUPPRESSED/],
    ['negative-asff-archived', 'not-active', /has record state ARCHIVED, not ACTIVE/],
  ] as const)('rejects %s with reason %s', (name, reason, message) => {
    expectRejected(loadSample(name), reason, message);
  });
});

describe('normalizeEvent: which control', () => {
  it('falls back to ProductFields.ControlId for a legacy finding without SecurityControlId', () => {
    const event = change('asff-imported-legacy', [at('Compliance', 'SecurityControlId'), undefined]);
    expect(normalizeEvent(event, CTX).finding).toEqual({
      api: 'asff',
      id: LEGACY_ID,
      productArn: PRODUCT_ARN,
    });
  });

  it('falls back to the GeneratorId suffix when neither SecurityControlId nor ControlId is there', () => {
    const event = change(
      'asff-imported-legacy',
      [at('Compliance', 'SecurityControlId'), undefined],
      [at('ProductFields', 'ControlId'), undefined],
    );
    expect(normalizeEvent(event, CTX).modelArn).toBe(MODEL_ARN);
  });

  it('rejects a legacy finding whose ControlId names another control', () => {
    const event = change(
      'asff-imported-legacy',
      [at('Compliance', 'SecurityControlId'), undefined],
      [at('ProductFields', 'ControlId'), 'SageMaker.4'],
    );
    expectRejected(event, 'not-sagemaker-5', /is for control SageMaker\.4, not SageMaker\.5/);
  });

  it('trusts SecurityControlId over the legacy fields when they disagree', () => {
    const event = change('asff-imported-legacy', [at('Compliance', 'SecurityControlId'), 'SageMaker.1']);
    expectRejected(event, 'not-sagemaker-5', /is for control SageMaker\.1/);
  });

  it('rejects a finding that names no control at all', () => {
    const event = change(
      'asff-imported-consolidated',
      [at('Compliance', 'SecurityControlId'), undefined],
      [at('GeneratorId'), undefined],
    );
    expectRejected(event, 'not-sagemaker-5', /names no control/);
  });

  it('reads an OCSF control from finding_info.uid when compliance.control is missing', () => {
    const event = change('ocsf-imported-v2', [at('compliance', 'control'), undefined]);
    expect(normalizeEvent(event, CTX).modelArn).toBe(MODEL_ARN);
  });

  it('rejects an OCSF finding for another control', () => {
    const event = change('ocsf-imported-v2', [at('compliance', 'control'), 'SageMaker.4']);
    expectRejected(event, 'not-sagemaker-5', /is for control SageMaker\.4, not SageMaker\.5/);
  });
});

describe('normalizeEvent: statuses', () => {
  it.each(['PASSED', 'WARNING', 'NOT_AVAILABLE', 'failed'])('rejects compliance status %s', (status) => {
    const event = change('asff-imported-consolidated', [at('Compliance', 'Status'), status]);
    expectRejected(event, 'not-failed', `has compliance status ${status}, not FAILED`);
  });

  it('rejects a finding with no compliance status', () => {
    const event = change('asff-imported-consolidated', [at('Compliance', 'Status'), undefined]);
    expectRejected(event, 'not-failed', 'has compliance status (none), not FAILED');
  });

  it('rejects an automatic finding that is NOTIFIED, pointing at the ways to run it anyway', () => {
    const event = change('asff-imported-consolidated', [at('Workflow', 'Status'), 'NOTIFIED']);
    expectRejected(event, 'not-new', /has workflow status NOTIFIED, not NEW: .*custom action/);
  });

  it.each(['NEW', 'RESOLVED', 'NOTIFIED'])('runs a custom action on a %s finding', (status) => {
    const event = change('custom-action', [at('Workflow', 'Status'), status]);
    expect(normalizeEvent(event, CTX).trigger).toBe('custom-action');
  });

  it('runs a custom action on a finding without any workflow status', () => {
    const event = change('custom-action', [at('Workflow'), undefined]);
    expect(normalizeEvent(event, CTX).modelArn).toBe(MODEL_ARN);
  });

  it.each([
    ['SUPPRESSED', 'Workflow', 'Status', 'suppressed'],
    ['ARCHIVED', 'RecordState', undefined, 'not-active'],
    ['PASSED', 'Compliance', 'Status', 'not-failed'],
  ] as const)('rejects a custom action on a %s finding', (value, field, sub, reason) => {
    const path = sub === undefined ? at(field) : at(field, sub);
    expectRejected(change('custom-action', [path, value]), reason, value);
  });

  it('rejects an OCSF finding whose compliance status is not Fail', () => {
    const event = change('ocsf-imported-v2', [at('compliance', 'status'), 'Pass']);
    expectRejected(event, 'not-failed', 'has compliance status Pass, not Fail');
  });

  it('reads the OCSF compliance status id when the label is missing', () => {
    const failing = change('ocsf-imported-v2', [at('compliance', 'status'), undefined]);
    const passing = change(
      'ocsf-imported-v2',
      [at('compliance', 'status'), undefined],
      [at('compliance', 'status_id'), 1],
    );
    expect(normalizeEvent(failing, CTX).modelArn).toBe(MODEL_ARN);
    expectRejected(passing, 'not-failed', 'has compliance status 1, not Fail');
  });

  it('rejects a closed OCSF finding (activity Close), as Security Hub treats it', () => {
    expectRejected(change('ocsf-imported-v2', [at('activity_id'), 3]), 'not-active', /is closed/);
    expectRejected(change('ocsf-imported-v2', [at('activity_name'), 'Close']), 'not-active', /is closed/);
  });

  it.each([
    [4, 'not-active', /is Resolved/],
    [3, 'suppressed', /is Suppressed/],
    [2, 'not-new', /\(status_id 2\), not New: automatic runs/],
    [99, 'not-new', /status_id 99/],
  ] as const)('rejects an OCSF finding with status_id %i as %s', (statusId, reason, message) => {
    expectRejected(change('ocsf-imported-v2', [at('status_id'), statusId]), reason, message);
  });

  it('reads the OCSF status label when status_id is missing', () => {
    const event = change('ocsf-imported-v2', [at('status_id'), undefined], [at('status'), 'Suppressed']);
    expectRejected(event, 'suppressed', /is Suppressed/);
  });
});

describe('normalizeEvent: the resource, account and region', () => {
  it('rejects a finding about an endpoint config', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:111122223333:endpoint-config/fraud-scorer-v3-config';
    const event = change('asff-imported-consolidated', [at('Resources', 0, 'Id'), arn]);
    expectRejected(event, 'not-a-model', `is about ${arn}, which is not a SageMaker model ARN`);
  });

  it('rejects a finding with no resource', () => {
    const event = change('asff-imported-consolidated', [at('Resources'), []]);
    expectRejected(event, 'not-a-model', /names no resource/);
  });

  it('rejects a model name SageMaker would not accept', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud_scorer';
    expectRejected(change('asff-imported-consolidated', [at('Resources', 0, 'Id'), arn]), 'not-a-model', arn);
  });

  it('keeps the name as the ARN writes it and lowercases the ARN, as SageMaker does', () => {
    const arn = 'arn:aws:sagemaker:us-east-1:111122223333:model/Fraud-Scorer-V3';
    const request = normalizeEvent(
      change('asff-imported-consolidated', [at('Resources', 0, 'Id'), arn]),
      CTX,
    );
    expect(request.modelName).toBe('Fraud-Scorer-V3');
    expect(request.modelArn).toBe(MODEL_ARN);
  });

  it('rejects a finding from another account, and a model in another account', () => {
    const finding = change('asff-imported-consolidated', [at('AwsAccountId'), '444455556666']);
    const model = change('asff-imported-consolidated', [
      at('Resources', 0, 'Id'),
      'arn:aws:sagemaker:us-east-1:444455556666:model/fraud-scorer-v3',
    ]);
    expectRejected(
      finding,
      'wrong-account',
      'is for account 444455556666, but sm5 runs in account 111122223333',
    );
    expectRejected(
      model,
      'wrong-account',
      'is in account 444455556666, but sm5 runs in account 111122223333',
    );
  });

  it('rejects a finding from another region, and a model in another region or partition', () => {
    const finding = change('asff-imported-consolidated', [at('Region'), 'eu-west-1']);
    const model = change('asff-imported-consolidated', [
      at('Resources', 0, 'Id'),
      'arn:aws:sagemaker:eu-west-1:111122223333:model/fraud-scorer-v3',
    ]);
    const partition = change('asff-imported-consolidated', [
      at('Resources', 0, 'Id'),
      'arn:aws-cn:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3',
    ]);
    expectRejected(finding, 'wrong-region', 'is for region eu-west-1, but sm5 runs in region us-east-1');
    expectRejected(model, 'wrong-region', 'is in region eu-west-1, but sm5 runs in region us-east-1');
    expectRejected(partition, 'wrong-region', 'is in partition aws-cn, but sm5 runs in partition aws');
  });

  it('accepts a finding in the China partition when sm5 runs there', () => {
    const event = change(
      'asff-imported-consolidated',
      [at('Region'), 'cn-north-1'],
      [at('Resources', 0, 'Id'), 'arn:aws-cn:sagemaker:cn-north-1:111122223333:model/fraud-scorer-v3'],
    );
    const request = normalizeEvent(event, { ...CTX, region: 'cn-north-1' });
    expect(request.modelArn).toBe('arn:aws-cn:sagemaker:cn-north-1:111122223333:model/fraud-scorer-v3');
  });

  it('rejects an OCSF finding from another account or region', () => {
    const account = change('ocsf-imported-v2', [at('cloud', 'account', 'uid'), '444455556666']);
    const region = change('ocsf-imported-v2', [at('cloud', 'region'), 'eu-west-1']);
    expectRejected(account, 'wrong-account', /is for account 444455556666/);
    expectRejected(region, 'wrong-region', /is for region eu-west-1/);
  });

  it('finds the OCSF model ARN in uid when uid_alt is missing', () => {
    const event = change(
      'ocsf-imported-v2',
      [at('resources', 0, 'uid_alt'), undefined],
      [at('resources', 0, 'uid'), MODEL_ARN],
    );
    expect(normalizeEvent(event, CTX).modelArn).toBe(MODEL_ARN);
  });

  it('rejects an OCSF resource known only by a bare name: nothing says it is a model', () => {
    const event = change('ocsf-imported-v2', [at('resources', 0, 'uid_alt'), undefined]);
    expectRejected(event, 'not-a-model', 'is about fraud-scorer-v3, which is not a SageMaker model ARN');
  });
});

describe('normalizeEvent: what is not a finding sm5 can read', () => {
  it.each([null, 42, 'event', [], {}])('rejects %j as not an EventBridge event', (input) => {
    expect(() => normalizeEvent(input, CTX)).toThrow(UnsupportedEventError);
    expect(() => normalizeEvent(input, CTX)).toThrow(/not an EventBridge event/);
  });

  it('names the source it does not handle', () => {
    const event = { source: 'aws.guardduty', 'detail-type': 'GuardDuty Finding', detail: {} };
    expect(() => normalizeEvent(event, CTX)).toThrow('source "aws.guardduty" is not handled');
  });

  it('names the detail-type it does not handle', () => {
    const event = {
      ...(loadSample('asff-imported-consolidated') as object),
      'detail-type': 'Security Hub Insight Results',
    };
    expect(() => normalizeEvent(event, CTX)).toThrow(
      'detail-type "Security Hub Insight Results" is not handled',
    );
  });

  it('names the path of a missing field', () => {
    const event = change('asff-imported-consolidated', [at('ProductArn'), undefined]);
    expect(() => normalizeEvent(event, CTX)).toThrow(UnsupportedEventError);
    expect(() => normalizeEvent(event, CTX)).toThrow(/detail\.findings\[0\]\.ProductArn: /);
  });

  it('rejects a custom action whose resource is not an action ARN', () => {
    const event = change('custom-action', [['resources', 0], 'arn:aws:sns:us-east-1:111122223333:topic']);
    expect(() => normalizeEvent(event, CTX)).toThrow(/resources\[0\]: not a custom action ARN/);
  });

  it('rejects an event with no finding as no-finding', () => {
    expectRejected(
      change('asff-imported-consolidated', [['detail', 'findings'], []]),
      'no-finding',
      /carries no finding/,
    );
  });

  it('refers a custom action on several findings to normalizeEventAll', () => {
    const event = loadSample('custom-action');
    const finding = (event as { detail: { findings: unknown[] } }).detail.findings[0];
    const several = change('custom-action', [
      ['detail', 'findings'],
      [finding, finding],
    ]);
    expect(() => normalizeEvent(several, CTX)).toThrow(/carries 2 findings: normalizeEventAll/);
  });

  it('refuses a context that is not an account and region, as our own input error', () => {
    const event = loadSample('asff-imported-consolidated');
    expect(() => normalizeEvent(event, { accountId: '1111', region: 'us-east-1' })).toThrow(
      InvalidInputError,
    );
    expect(() => normalizeEvent(event, { ...CTX, partition: 'aws-cn' })).toThrow(/partition aws, not aws-cn/);
  });
});

describe('normalizeEventAll', () => {
  it('judges each finding of a custom action on its own', () => {
    // Prepare: the sample's finding, a SageMaker.4 finding and something unreadable
    const good = (loadSample('custom-action') as { detail: { findings: unknown[] } }).detail.findings[0];
    const other = (loadSample('negative-asff-other-control') as { detail: { findings: unknown[] } }).detail
      .findings[0];
    const event = change('custom-action', [
      ['detail', 'findings'],
      [good, other, { Id: 7 }],
    ]);
    // Act
    const { requests, rejected } = normalizeEventAll(event, CTX);
    // Assess
    expect(requests.map((request) => request.modelArn)).toEqual([MODEL_ARN]);
    expect(rejected.map(({ findingId, error }) => [findingId, error.name])).toEqual([
      [CONSOLIDATED_ID.replace('SageMaker.5', 'SageMaker.4'), 'FindingRejectedError'],
      ['detail.findings[2]', 'UnsupportedEventError'],
    ]);
    expect(rejected[0]?.finding).toEqual({
      api: 'asff',
      id: CONSOLIDATED_ID.replace('SageMaker.5', 'SageMaker.4'),
      productArn: PRODUCT_ARN,
    });
    expect(rejected[1]?.finding).toBeNull();
  });

  it('gives an automatic event its one request', () => {
    const result = normalizeEventAll(loadSample('ocsf-imported-v2'), CTX);
    expect(result.requests).toHaveLength(1);
    expect(result.rejected).toEqual([]);
  });

  it('still throws for an event that is not one of ours', () => {
    expect(() => normalizeEventAll({ source: 'aws.ec2', 'detail-type': 'x' }, CTX)).toThrow(
      UnsupportedEventError,
    );
  });
});

describe('findingRefsOf', () => {
  it('reads where to write back, even for a finding the rules reject', () => {
    expect(findingRefsOf(loadSample('negative-asff-suppressed'))).toEqual([
      { api: 'asff', id: CONSOLIDATED_ID, productArn: PRODUCT_ARN },
    ]);
    expect(findingRefsOf(loadSample('ocsf-imported-v2'))).toEqual([
      {
        api: 'ocsf',
        findingInfoUid: CONSOLIDATED_ID,
        cloudAccountUid: '111122223333',
        metadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
      },
    ]);
  });

  it('answers nothing for input that is not an event', () => {
    expect(findingRefsOf('not an event')).toEqual([]);
  });
});
