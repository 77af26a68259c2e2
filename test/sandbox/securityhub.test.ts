import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  AccessDeniedException,
  BatchUpdateFindingsCommand,
  type BatchUpdateFindingsCommandInput,
  BatchUpdateFindingsV2Command,
  type BatchUpdateFindingsV2CommandInput,
  GetFindingsCommand,
  GetFindingsV2Command,
  GetInsightsCommand,
  InvalidInputException,
  SecurityHubClient,
  SecurityHubServiceException,
  ValidationException,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { securityHubGateway } from '../../src/aws/securityhub.ts';
import { FindingUpdateError, InvalidInputError, ThrottledError } from '../../src/domain/errors.ts';
import { asffImportedPattern, ocsfImportedPattern } from '../../src/domain/event-patterns.ts';
import { matchesPattern } from '../../src/domain/pattern-match.ts';
import type { Sandbox } from '../../src/local/sandbox.ts';
import { isRecord } from '../../src/local/service.ts';
import { aws } from './cli-helpers.ts';
import { sandbox } from './helpers.ts';

const SCENARIO = fileURLToPath(new URL('../fixtures/scenarios/securityhub-findings.json', import.meta.url));
const START = Date.parse('2026-11-26T10:00:00.000Z');

const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';
const FINDING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/SageMaker.5/finding/6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f';
const LEGACY_ID =
  'arn:aws:securityhub:us-east-1:111122223333:subscription/aws-foundational-security-best-practices/v/1.0.0/SageMaker.5/finding/0d9e8f7a-6b5c-4d3e-2f1a-0b9c8d7e6f5a';
const MISSING_ID =
  'arn:aws:securityhub:us-east-1:111122223333:security-control/SageMaker.5/finding/00000000-0000-4000-8000-000000000000';
const OCSF_ID = {
  CloudAccountUid: '111122223333',
  FindingInfoUid: FINDING_ID,
  MetadataProductUid: 'arn:aws:securityhub:us-east-1::productv2/aws/securityhub',
};
const OCSF_METADATA_UID = '3b9f0c6a1e2d4f5a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a';

/** The first finding of a sample event, a fresh copy each call. */
function sampleFinding(name: string): Record<string, unknown> {
  const event: unknown = JSON.parse(
    readFileSync(new URL(`../fixtures/events/${name}.json`, import.meta.url), 'utf8'),
  );
  const finding =
    isRecord(event) && isRecord(event.detail) && Array.isArray(event.detail.findings)
      ? event.detail.findings[0]
      : undefined;
  if (!isRecord(finding)) throw new Error(`no finding in ${name}`);
  return finding;
}

async function hub(): Promise<{ sb: Sandbox; client: SecurityHubClient }> {
  const sb = await sandbox({ scenario: SCENARIO, startTime: START });
  return { sb, client: new SecurityHubClient({ ...sb.clientConfig(), maxAttempts: 1 }) };
}

async function findingById(client: SecurityHubClient, id: string) {
  const out = await client.send(
    new GetFindingsCommand({ Filters: { Id: [{ Value: id, Comparison: 'EQUALS' }] } }),
  );
  expect(out.Findings).toHaveLength(1);
  return out.Findings?.[0];
}

async function rejection(call: Promise<unknown>): Promise<SecurityHubServiceException> {
  try {
    await call;
  } catch (e) {
    if (e instanceof SecurityHubServiceException) return e;
    throw e;
  }
  expect.fail('expected the call to fail');
}

describe('seeding from the scenario', () => {
  it('serves every ASFF finding with its workflow status, record state and UpdatedAt', async () => {
    // Prepare
    const { client } = await hub();

    // Act
    const out = await client.send(new GetFindingsCommand({}));

    // Assess
    expect(
      out.Findings?.map((f) => [f.Compliance?.SecurityControlId, f.Workflow?.Status, f.RecordState]),
    ).toEqual([
      ['SageMaker.5', 'NEW', 'ACTIVE'],
      ['SageMaker.5', 'NEW', 'ACTIVE'],
      ['SageMaker.5', 'NEW', 'ACTIVE'],
      ['SageMaker.5', 'NEW', 'ARCHIVED'],
      ['SageMaker.5', 'SUPPRESSED', 'ACTIVE'],
      ['SageMaker.4', 'NEW', 'ACTIVE'],
    ]);
    expect(out.Findings?.[0]).toMatchObject({
      Id: FINDING_ID,
      ProductArn: PRODUCT_ARN,
      UpdatedAt: '2026-11-26T09:14:05.902Z',
      Resources: [{ Id: 'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3' }],
    });
    expect(out.NextToken).toBeUndefined();
  });

  it('serves the OCSF findings through GetFindingsV2 with their status', async () => {
    // Prepare
    const { client } = await hub();

    // Act
    const out = await client.send(new GetFindingsV2Command({}));

    // Assess
    expect(out.Findings).toHaveLength(2);
    expect(out.Findings?.[0]).toMatchObject({
      class_uid: 2003,
      status_id: 1,
      status: 'New',
      finding_info: { uid: FINDING_ID },
      metadata: { uid: OCSF_METADATA_UID },
    });
  });

  it('fills in what Security Hub sets on import when a seeded finding lacks it', async () => {
    // Prepare
    const bareAsff = sampleFinding('asff-imported-consolidated');
    for (const key of ['Workflow', 'WorkflowState', 'RecordState', 'Region']) delete bareAsff[key];
    const bareOcsf = sampleFinding('ocsf-imported-v2');
    delete bareOcsf.status_id;
    delete bareOcsf.status;
    if (isRecord(bareOcsf.metadata)) delete bareOcsf.metadata.uid;

    // Act
    const sb = await sandbox({ scenario: { region: 'eu-west-1', findings: [bareAsff, bareOcsf] } });

    // Assess
    expect(sb.securityHub.asffFindings()[0]).toMatchObject({
      Workflow: { Status: 'NEW' },
      WorkflowState: 'NEW',
      RecordState: 'ACTIVE',
      Region: 'eu-west-1',
    });
    expect(sb.securityHub.ocsfFindings()[0]).toMatchObject({
      status_id: 1,
      status: 'New',
      metadata: { uid: expect.stringMatching(/^[0-9a-f]{64}$/) },
    });
  });

  it.each([
    ['an ASFF finding without a Title', { Title: undefined }, 'findings[0].Title'],
    [
      'an ASFF finding with an unknown workflow status',
      { Workflow: { Status: 'OPEN' } },
      'findings[0].Workflow.Status',
    ],
    [
      'an OCSF finding without finding_info.uid',
      { class_uid: 2003, finding_info: {} },
      'findings[0].finding_info.uid',
    ],
  ])('rejects a scenario with %s, naming the field', async (_case, change, field) => {
    // Prepare
    const finding = { ...sampleFinding('asff-imported-consolidated'), ...change };

    // Act
    const started = sandbox({ scenario: { findings: [finding] } });

    // Assess
    await expect(started).rejects.toThrow(InvalidInputError);
    await expect(started).rejects.toThrow(field);
  });

  it('rejects a scenario that lists the same finding twice', async () => {
    // Prepare
    const finding = sampleFinding('asff-imported-consolidated');

    // Act
    const started = sandbox({ scenario: { findings: [finding, finding] } });

    // Assess
    await expect(started).rejects.toThrow(/findings\[1\]: ASFF finding .* is listed twice/);
  });
});

describe('BatchUpdateFindings', () => {
  it('updates the findings it knows and lists the others as unprocessed, with HTTP 200', async () => {
    // Prepare
    const { sb, client } = await hub();
    sb.clock.advance(90);

    // Act
    const out = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [
          { Id: FINDING_ID, ProductArn: PRODUCT_ARN },
          { Id: MISSING_ID, ProductArn: PRODUCT_ARN },
          { Id: LEGACY_ID, ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty' },
        ],
        Workflow: { Status: 'NOTIFIED' },
        Note: { Text: 'sm5: remediation started', UpdatedBy: 'sm5' },
      }),
    );

    // Assess
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.ProcessedFindings).toEqual([{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }]);
    expect(out.UnprocessedFindings).toEqual([
      {
        FindingIdentifier: { Id: MISSING_ID, ProductArn: PRODUCT_ARN },
        ErrorCode: 'FindingNotFound',
        ErrorMessage: expect.any(String),
      },
      {
        FindingIdentifier: {
          Id: LEGACY_ID,
          ProductArn: 'arn:aws:securityhub:us-east-1::product/aws/guardduty',
        },
        ErrorCode: 'FindingNotFound',
        ErrorMessage: expect.any(String),
      },
    ]);
    const updated = await findingById(client, FINDING_ID);
    expect(updated?.Workflow).toEqual({ Status: 'NOTIFIED' });
    expect(updated?.Note).toEqual({
      Text: 'sm5: remediation started',
      UpdatedBy: 'sm5',
      UpdatedAt: '2026-11-26T10:01:30.000Z',
    });
    // The user guide: BatchUpdateFindings does not change UpdatedAt.
    expect(updated?.UpdatedAt).toBe('2026-11-26T09:14:05.902Z');
    expect((await findingById(client, LEGACY_ID))?.Workflow).toEqual({ Status: 'NEW' });
  });

  it('reports a finding named twice as DuplicatedFindingIdentifier and updates it once', async () => {
    // Prepare
    const { sb, client } = await hub();
    const identifier = { Id: FINDING_ID, ProductArn: PRODUCT_ARN };

    // Act
    const out = await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [identifier, identifier],
        Workflow: { Status: 'RESOLVED' },
      }),
    );

    // Assess
    expect(out.ProcessedFindings).toEqual([identifier]);
    expect(out.UnprocessedFindings).toEqual([
      {
        FindingIdentifier: identifier,
        ErrorCode: 'DuplicatedFindingIdentifier',
        ErrorMessage: expect.any(String),
      },
    ]);
    expect(sb.securityHub.history(FINDING_ID)).toHaveLength(1);
  });

  it('applies the other members a customer may update', async () => {
    // Prepare
    const { client } = await hub();

    // Act
    await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }],
        Severity: { Label: 'HIGH' },
        Confidence: 80,
        Criticality: 55,
        VerificationState: 'TRUE_POSITIVE',
        Types: ['Software and Configuration Checks/AWS Security Best Practices'],
        UserDefinedFields: { ticket: 'SEC-42' },
        RelatedFindings: [{ Id: LEGACY_ID, ProductArn: PRODUCT_ARN }],
      }),
    );

    // Assess
    expect(await findingById(client, FINDING_ID)).toMatchObject({
      Severity: { Label: 'HIGH', Normalized: 70, Original: 'MEDIUM' },
      Confidence: 80,
      Criticality: 55,
      VerificationState: 'TRUE_POSITIVE',
      Types: ['Software and Configuration Checks/AWS Security Best Practices'],
      UserDefinedFields: { ticket: 'SEC-42' },
      RelatedFindings: [{ Id: LEGACY_ID, ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'NEW' },
    });
  });

  const identifiers = [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }];
  const invalid: [string, BatchUpdateFindingsCommandInput, RegExp][] = [
    ['no identifiers', { FindingIdentifiers: [], Workflow: { Status: 'NOTIFIED' } }, /FindingIdentifiers/],
    [
      'more than 100 identifiers',
      {
        FindingIdentifiers: Array.from({ length: 101 }, (_, i) => ({
          Id: `f-${i}`,
          ProductArn: PRODUCT_ARN,
        })),
        Workflow: { Status: 'NOTIFIED' },
      },
      /FindingIdentifiers/,
    ],
    [
      'a note without UpdatedBy',
      // The SDK does not check required members; a hand-made request can still lack one.
      { FindingIdentifiers: identifiers, Note: JSON.parse('{"Text":"hello"}') },
      /Note\.UpdatedBy/,
    ],
    [
      'a note over 512 characters',
      { FindingIdentifiers: identifiers, Note: { Text: 'x'.repeat(513), UpdatedBy: 'sm5' } },
      /Note\.Text/,
    ],
    [
      'an empty note',
      { FindingIdentifiers: identifiers, Note: { Text: '', UpdatedBy: 'sm5' } },
      /Note\.Text/,
    ],
    [
      'an unknown workflow status',
      { FindingIdentifiers: identifiers, Workflow: { Status: JSON.parse('"DONE"') } },
      /Workflow\.Status/,
    ],
    ['nothing to update', { FindingIdentifiers: identifiers }, /nothing to update/],
  ];
  it.each(invalid)(
    'rejects %s with InvalidInputException and changes nothing',
    async (_case, input, message) => {
      // Prepare
      const { sb, client } = await hub();

      // Act
      const error = await rejection(client.send(new BatchUpdateFindingsCommand(input)));

      // Assess
      expect(error).toBeInstanceOf(InvalidInputException);
      expect(error.$metadata.httpStatusCode).toBe(400);
      expect(error.message).toMatch(message);
      expect(sb.securityHub.history(FINDING_ID)).toEqual([]);
      expect(sb.securityHub.events).toEqual([]);
      expect(sb.securityHub.asffFindings()[0]?.Workflow).toEqual({ Status: 'NEW' });
    },
  );

  it('is what the sm5 gateway calls, and its unprocessed findings become FindingUpdateError', async () => {
    // Prepare
    const { sb, client } = await hub();
    const gateway = securityHubGateway(client);

    // Act
    await gateway.updateFinding(
      { api: 'asff', id: FINDING_ID, productArn: PRODUCT_ARN },
      { status: 'RESOLVED', note: 'sm5: fraud-scorer-v3 replaced by an isolated clone' },
    );
    const missing = gateway.updateFinding(
      { api: 'asff', id: MISSING_ID, productArn: PRODUCT_ARN },
      { status: 'RESOLVED', note: 'never written' },
    );

    // Assess
    await expect(missing).rejects.toThrow(FindingUpdateError);
    await expect(missing).rejects.toThrow(/FindingNotFound/);
    expect(sb.securityHub.finding(FINDING_ID)).toMatchObject({
      Workflow: { Status: 'RESOLVED' },
      Note: { Text: 'sm5: fraud-scorer-v3 replaced by an isolated clone', UpdatedBy: 'sm5' },
    });
  });
});

describe('BatchUpdateFindingsV2', () => {
  it('updates OCSF findings named by identifier and reports unknown ones as ResourceNotFoundException', async () => {
    // Prepare
    const { client } = await hub();
    const unknown = { ...OCSF_ID, FindingInfoUid: MISSING_ID };

    // Act
    const out = await client.send(
      new BatchUpdateFindingsV2Command({
        FindingIdentifiers: [OCSF_ID, unknown],
        StatusId: 2,
        Comment: 'sm5: remediation started',
      }),
    );

    // Assess
    expect(out.ProcessedFindings).toEqual([{ FindingIdentifier: OCSF_ID, MetadataUid: OCSF_METADATA_UID }]);
    expect(out.UnprocessedFindings).toEqual([
      {
        FindingIdentifier: unknown,
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: expect.any(String),
      },
    ]);
    const listed = await client.send(new GetFindingsV2Command({}));
    expect(listed.Findings?.[0]).toMatchObject({
      status_id: 2,
      status: 'In Progress',
      comment: 'sm5: remediation started',
    });
  });

  it('updates OCSF findings named by metadata uid, and sets the severity label with its id', async () => {
    // Prepare
    const { client } = await hub();

    // Act
    const out = await client.send(
      new BatchUpdateFindingsV2Command({
        MetadataUids: [OCSF_METADATA_UID, 'no-such-uid'],
        SeverityId: 4,
        StatusId: 4,
      }),
    );

    // Assess
    expect(out.ProcessedFindings).toEqual([{ MetadataUid: OCSF_METADATA_UID }]);
    expect(out.UnprocessedFindings).toEqual([
      {
        MetadataUid: 'no-such-uid',
        ErrorCode: 'ResourceNotFoundException',
        ErrorMessage: expect.any(String),
      },
    ]);
    const listed = await client.send(new GetFindingsV2Command({}));
    expect(listed.Findings?.[0]).toMatchObject({
      severity_id: 4,
      severity: 'High',
      status_id: 4,
      status: 'Resolved',
    });
  });

  const invalid: [string, BatchUpdateFindingsV2CommandInput, RegExp][] = [
    [
      'both ways of naming findings',
      { MetadataUids: [OCSF_METADATA_UID], FindingIdentifiers: [OCSF_ID], StatusId: 2 },
      /either MetadataUids or FindingIdentifiers/,
    ],
    ['no finding at all', { StatusId: 2 }, /either MetadataUids or FindingIdentifiers/],
    ['a status id outside the enumeration', { FindingIdentifiers: [OCSF_ID], StatusId: 7 }, /StatusId/],
    ['a comment over 512 characters', { FindingIdentifiers: [OCSF_ID], Comment: 'x'.repeat(513) }, /Comment/],
    ['nothing to update', { FindingIdentifiers: [OCSF_ID] }, /nothing to update/],
  ];
  it.each(invalid)('rejects %s with ValidationException', async (_case, input, message) => {
    // Prepare
    const { sb, client } = await hub();

    // Act
    const error = await rejection(client.send(new BatchUpdateFindingsV2Command(input)));

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.$metadata.httpStatusCode).toBe(400);
    expect(error.message).toMatch(message);
    expect(sb.securityHub.history(FINDING_ID)).toEqual([]);
  });

  it('is what the sm5 gateway calls for OCSF findings', async () => {
    // Prepare
    const { sb, client } = await hub();

    // Act
    await securityHubGateway(client).updateFinding(
      {
        api: 'ocsf',
        cloudAccountUid: OCSF_ID.CloudAccountUid,
        findingInfoUid: OCSF_ID.FindingInfoUid,
        metadataProductUid: OCSF_ID.MetadataProductUid,
      },
      { status: 'RESOLVED', note: 'sm5: done' },
    );

    // Assess
    expect(sb.securityHub.ocsfFindings()[0]).toMatchObject({ status_id: 4, comment: 'sm5: done' });
  });
});

describe('the history of updates', () => {
  it('keeps every note per finding, in order, at the sandbox clock time', async () => {
    // Prepare
    const { sb, client } = await hub();
    const update = (status: 'NOTIFIED' | 'RESOLVED', text: string) =>
      client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }],
          Workflow: { Status: status },
          Note: { Text: text, UpdatedBy: 'sm5' },
        }),
      );

    // Act
    await update('NOTIFIED', 'sm5: remediation started');
    sb.clock.advance(600);
    await update('RESOLVED', 'sm5: fraud-scorer-v3 replaced');
    await client.send(
      new BatchUpdateFindingsV2Command({ FindingIdentifiers: [OCSF_ID], Comment: 'sm5: v2 note' }),
    );

    // Assess
    expect(sb.securityHub.notes(FINDING_ID)).toEqual([
      'sm5: remediation started',
      'sm5: fraud-scorer-v3 replaced',
      'sm5: v2 note',
    ]);
    expect(sb.securityHub.history(FINDING_ID)).toEqual([
      expect.objectContaining({
        api: 'asff',
        operation: 'BatchUpdateFindings',
        at: '2026-11-26T10:00:00.000Z',
        status: 'NOTIFIED',
        noteBy: 'sm5',
      }),
      expect.objectContaining({ api: 'asff', at: '2026-11-26T10:10:00.000Z', status: 'RESOLVED' }),
      expect.objectContaining({
        api: 'ocsf',
        operation: 'BatchUpdateFindingsV2',
        status: 'New',
        statusId: 1,
        changes: { Comment: 'sm5: v2 note' },
      }),
    ]);
    expect(sb.securityHub.history(LEGACY_ID)).toEqual([]);
    // The finding keeps only the latest note, as Security Hub does.
    expect(sb.securityHub.finding(FINDING_ID)?.Note).toMatchObject({ Text: 'sm5: fraud-scorer-v3 replaced' });
  });
});

describe('the events updates emit', () => {
  it('emits a Findings - Imported event per updated finding, which the NEW-only rule does not match', async () => {
    // Prepare
    const { sb, client } = await hub();
    const heard: unknown[] = [];
    sb.securityHub.onEvent((event) => heard.push(event));
    const seeded = {
      source: 'aws.securityhub',
      'detail-type': 'Security Hub Findings - Imported',
      detail: { findings: [sb.securityHub.finding(FINDING_ID)] },
    };

    // Act
    await client.send(
      new BatchUpdateFindingsCommand({
        FindingIdentifiers: [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }],
        Workflow: { Status: 'NOTIFIED' },
      }),
    );

    // Assess
    expect(sb.securityHub.events).toHaveLength(1);
    const [event] = sb.securityHub.events;
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Security Hub Findings - Imported',
      source: 'aws.securityhub',
      account: '111122223333',
      time: '2026-11-26T10:00:00Z',
      region: 'us-east-1',
      resources: [`${PRODUCT_ARN}/${FINDING_ID}`],
      detail: { findings: [expect.objectContaining({ Id: FINDING_ID, Workflow: { Status: 'NOTIFIED' } })] },
    });
    expect(heard).toEqual([event]);
    expect(matchesPattern(asffImportedPattern(sb), seeded)).toBe(true);
    expect(matchesPattern(asffImportedPattern(sb), event)).toBe(false);
  });

  it('keeps each event as it was when emitted', async () => {
    // Prepare
    const { sb, client } = await hub();
    const update = (Status: 'NOTIFIED' | 'NEW') =>
      client.send(
        new BatchUpdateFindingsCommand({
          FindingIdentifiers: [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }],
          Workflow: { Status },
        }),
      );

    // Act
    await update('NOTIFIED');
    await update('NEW');

    // Assess
    const statuses = sb.securityHub.events.map((e) => e.detail.findings[0]?.Workflow);
    expect(statuses).toEqual([{ Status: 'NOTIFIED' }, { Status: 'NEW' }]);
    // Set back to NEW, the finding would trigger the rule again: the pattern is what prevents loops.
    expect(matchesPattern(asffImportedPattern(sb), sb.securityHub.events[1])).toBe(true);
  });

  it('emits a Findings Imported V2 event for OCSF updates, which the status_id 1 rule does not match', async () => {
    // Prepare
    const { sb, client } = await hub();

    // Act
    await client.send(new BatchUpdateFindingsV2Command({ FindingIdentifiers: [OCSF_ID], StatusId: 2 }));

    // Assess
    const [event] = sb.securityHub.events;
    expect(event).toMatchObject({
      'detail-type': 'Findings Imported V2',
      resources: [expect.stringMatching(/^[0-9a-f]{64}$/)],
      detail: { findings: [{ status_id: 2, finding_info: { uid: FINDING_ID } }] },
    });
    expect(matchesPattern(ocsfImportedPattern(sb), event)).toBe(false);
  });
});

describe('the wire', () => {
  it('answers an operation the sandbox does not serve with 404 UnknownOperationException', async () => {
    // Prepare
    const { sb, client } = await hub();

    // Act
    const error = await rejection(client.send(new GetInsightsCommand({})));

    // Assess
    expect(error.name).toBe('UnknownOperationException');
    expect(error.$metadata.httpStatusCode).toBe(404);
    expect(sb.requestLog.at(-1)).toMatchObject({
      service: 'securityhub',
      operation: 'POST /insights/get',
      status: 404,
      errorCode: 'UnknownOperationException',
    });
  });

  it('logs each call under its operation and renders injected faults in the REST JSON error shape', async () => {
    // Prepare
    const { sb, client } = await hub();
    sb.faults.failNext(
      { service: 'securityhub', operation: 'BatchUpdateFindings' },
      { code: 'AccessDeniedException', message: 'not allowed', status: 403 },
    );
    const input = {
      FindingIdentifiers: [{ Id: FINDING_ID, ProductArn: PRODUCT_ARN }],
      Workflow: { Status: 'NOTIFIED' as const },
    };

    // Act
    const error = await rejection(client.send(new BatchUpdateFindingsCommand(input)));
    await client.send(new BatchUpdateFindingsCommand(input));

    // Assess
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.message).toBe('not allowed');
    expect(sb.requestLog.map((e) => [e.service, e.operation, e.status])).toEqual([
      ['securityhub', 'BatchUpdateFindings', 403],
      ['securityhub', 'BatchUpdateFindings', 200],
    ]);
  });

  it('answers a tripped rate limit with 429 TooManyRequestsException, which sm5 treats as a throttle', async () => {
    // Prepare
    const { sb, client } = await hub();
    sb.faults.setRateLimit({ service: 'securityhub' }, 0.001, 1);
    const gateway = securityHubGateway(client);
    const ref = { api: 'asff' as const, id: FINDING_ID, productArn: PRODUCT_ARN };

    // Act
    await gateway.updateFinding(ref, { status: 'NOTIFIED', note: 'first' });
    const second = gateway.updateFinding(ref, { status: 'RESOLVED', note: 'second' });

    // Assess
    await expect(second).rejects.toThrow(ThrottledError);
    expect(sb.requestLog.at(-1)).toMatchObject({ status: 429, errorCode: 'TooManyRequestsException' });
    expect(sb.securityHub.notes(FINDING_ID)).toEqual(['first']);
  });

  it('serves the AWS CLI v2', async () => {
    // Prepare
    const { sb } = await hub();
    // This CLI's botocore model predates the ComplianceSecurityControlId filter.
    const filters = JSON.stringify({
      GeneratorId: [{ Value: 'security-control/SageMaker.5', Comparison: 'PREFIX' }],
      WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }],
      RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
    });

    // Act
    const updated = await aws(sb, [
      'securityhub',
      'batch-update-findings',
      '--finding-identifiers',
      JSON.stringify([{ Id: LEGACY_ID, ProductArn: PRODUCT_ARN }]),
      '--workflow',
      'Status=NOTIFIED',
      '--note',
      'Text=from the CLI,UpdatedBy=operator',
      '--output',
      'json',
    ]);
    const listed = await aws(sb, [
      'securityhub',
      'get-findings',
      '--filters',
      filters,
      '--query',
      'Findings[].Resources[0].Id',
      '--output',
      'json',
    ]);

    // Assess
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout)).toEqual({
      ProcessedFindings: [{ Id: LEGACY_ID, ProductArn: PRODUCT_ARN }],
      UnprocessedFindings: [],
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      'arn:aws:sagemaker:us-east-1:111122223333:model/fraud-scorer-v3',
      'arn:aws:sagemaker:us-east-1:111122223333:model/churn-predictor-v2',
    ]);
    expect(sb.securityHub.notes(LEGACY_ID)).toEqual(['from the CLI']);
  });
});
