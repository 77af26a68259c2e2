import { readFileSync } from 'node:fs';
import {
  type AwsSecurityFindingFilters,
  GetFindingsCommand,
  GetFindingsV2Command,
  InvalidInputException,
  paginateGetFindings,
  paginateGetFindingsV2,
  SecurityHubClient,
  SecurityHubServiceException,
  ValidationException,
} from '@aws-sdk/client-securityhub';
import { describe, expect, it } from 'vitest';
import { isRecord } from '../../src/local/service.ts';
import { sandbox } from './helpers.ts';

const PRODUCT_ARN = 'arn:aws:securityhub:us-east-1::product/aws/securityhub';
const MODEL_ARN = 'arn:aws:sagemaker:us-east-1:111122223333:model';

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

interface AsffOptions {
  control?: string;
  workflow?: string;
  recordState?: string;
  updatedAt?: string;
}

/** A consolidated control finding about `model`, built from the sample. */
function asff(model: string, options: AsffOptions = {}): Record<string, unknown> {
  const control = options.control ?? 'SageMaker.5';
  const id = `arn:aws:securityhub:us-east-1:111122223333:security-control/${control}/finding/${model}`;
  return {
    ...sampleFinding('asff-imported-consolidated'),
    Id: id,
    GeneratorId: `security-control/${control}`,
    Resources: [
      { Type: 'AwsSageMakerModel', Id: `${MODEL_ARN}/${model}`, Partition: 'aws', Region: 'us-east-1' },
    ],
    Compliance: { Status: 'FAILED', SecurityControlId: control },
    Workflow: { Status: options.workflow ?? 'NEW' },
    RecordState: options.recordState ?? 'ACTIVE',
    UpdatedAt: options.updatedAt ?? '2026-11-26T09:14:05.902Z',
  };
}

function ocsf(model: string, statusId = 1): Record<string, unknown> {
  const sample = sampleFinding('ocsf-imported-v2');
  const info = isRecord(sample.finding_info) ? sample.finding_info : {};
  const metadata = isRecord(sample.metadata) ? sample.metadata : {};
  return {
    ...sample,
    status_id: statusId,
    finding_info: {
      ...info,
      uid: `arn:aws:securityhub:us-east-1:111122223333:security-control/SageMaker.5/finding/${model}`,
    },
    metadata: { ...metadata, uid: `uid-${model}` },
    resources: [{ type: 'AWS::SageMaker::Model', uid: model, uid_alt: `${MODEL_ARN}/${model}` }],
  };
}

const FINDINGS = [
  asff('fraud-scorer-v3', { updatedAt: '2026-11-20T00:00:00.000Z' }),
  asff('fraud-scorer-v2', { workflow: 'NOTIFIED', updatedAt: '2026-11-22T00:00:00.000Z' }),
  asff('churn-predictor', { recordState: 'ARCHIVED', updatedAt: '2026-11-21T00:00:00.000Z' }),
  asff('recommender', { workflow: 'SUPPRESSED', updatedAt: '2026-11-25T00:00:00.000Z' }),
  asff('fraud-endpoint-config', { control: 'SageMaker.4', updatedAt: '2026-11-23T00:00:00.000Z' }),
];

async function hub(findings: readonly unknown[] = FINDINGS) {
  const sb = await sandbox({ scenario: { findings: [...findings] } });
  return { sb, client: new SecurityHubClient({ ...sb.clientConfig(), maxAttempts: 1 }) };
}

async function modelsMatching(client: SecurityHubClient, Filters: AwsSecurityFindingFilters) {
  const out = await client.send(new GetFindingsCommand({ Filters }));
  return out.Findings?.map((f) => f.Resources?.[0]?.Id?.slice(MODEL_ARN.length + 1));
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

describe('GetFindings filters', () => {
  const cases: [string, AwsSecurityFindingFilters, string[]][] = [
    ['Id EQUALS', { Id: [{ Value: String(FINDINGS[1]?.Id), Comparison: 'EQUALS' }] }, ['fraud-scorer-v2']],
    [
      'ProductArn EQUALS',
      { ProductArn: [{ Value: PRODUCT_ARN, Comparison: 'EQUALS' }] },
      ['fraud-scorer-v3', 'fraud-scorer-v2', 'churn-predictor', 'recommender', 'fraud-endpoint-config'],
    ],
    [
      'ResourceId PREFIX',
      { ResourceId: [{ Value: `${MODEL_ARN}/fraud-`, Comparison: 'PREFIX' }] },
      ['fraud-scorer-v3', 'fraud-scorer-v2', 'fraud-endpoint-config'],
    ],
    [
      'ComplianceSecurityControlId NOT_EQUALS',
      { ComplianceSecurityControlId: [{ Value: 'SageMaker.5', Comparison: 'NOT_EQUALS' }] },
      ['fraud-endpoint-config'],
    ],
    [
      'WorkflowStatus EQUALS twice (joined by OR)',
      {
        WorkflowStatus: [
          { Value: 'NOTIFIED', Comparison: 'EQUALS' },
          { Value: 'SUPPRESSED', Comparison: 'EQUALS' },
        ],
      },
      ['fraud-scorer-v2', 'recommender'],
    ],
    [
      'RecordState and the control together (joined by AND)',
      {
        RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
        ComplianceSecurityControlId: [{ Value: 'SageMaker.5', Comparison: 'EQUALS' }],
        WorkflowStatus: [{ Value: 'NEW', Comparison: 'EQUALS' }],
      },
      ['fraud-scorer-v3'],
    ],
    [
      'PREFIX then NOT_EQUALS on one field',
      {
        ResourceId: [
          { Value: `${MODEL_ARN}/fraud-`, Comparison: 'PREFIX' },
          { Value: `${MODEL_ARN}/fraud-scorer-v2`, Comparison: 'NOT_EQUALS' },
        ],
      },
      ['fraud-scorer-v3', 'fraud-endpoint-config'],
    ],
    ['values case sensitive', { WorkflowStatus: [{ Value: 'new', Comparison: 'EQUALS' }] }, []],
  ];
  it.each(cases)('%s', async (_case, filters, expected) => {
    // Prepare
    const { client } = await hub();

    // Act
    const models = await modelsMatching(client, filters);

    // Assess
    expect(models).toEqual(expected);
  });

  const invalid: [string, AwsSecurityFindingFilters, RegExp][] = [
    [
      'EQUALS with NOT_EQUALS on one field',
      {
        WorkflowStatus: [
          { Value: 'NEW', Comparison: 'EQUALS' },
          { Value: 'NOTIFIED', Comparison: 'NOT_EQUALS' },
        ],
      },
      /WorkflowStatus: an EQUALS filter cannot be combined/,
    ],
    [
      'CONTAINS with another comparison',
      {
        Title: [
          { Value: 'SageMaker', Comparison: 'CONTAINS' },
          { Value: 'Sage', Comparison: 'PREFIX' },
        ],
      },
      /CONTAINS filters can only be used with other CONTAINS filters/,
    ],
    ['CONTAINS_WORD, a V2 comparison', { Title: [{ Value: 'models', Comparison: 'CONTAINS_WORD' }] }, /V2/],
    [
      'a filter the sandbox does not emulate',
      { NetworkSourceIpV4: [{ Cidr: '10.0.0.0/8' }] },
      /does not emulate the filter NetworkSourceIpV4/,
    ],
  ];
  it.each(invalid)('rejects %s with InvalidInputException', async (_case, filters, message) => {
    // Prepare
    const { client } = await hub();

    // Act
    const error = await rejection(client.send(new GetFindingsCommand({ Filters: filters })));

    // Assess
    expect(error).toBeInstanceOf(InvalidInputException);
    expect(error.message).toMatch(message);
  });

  it('sorts by a timestamp when asked', async () => {
    // Prepare
    const { client } = await hub();

    // Act
    const out = await client.send(
      new GetFindingsCommand({ SortCriteria: [{ Field: 'UpdatedAt', SortOrder: 'desc' }] }),
    );

    // Assess
    expect(out.Findings?.map((f) => f.UpdatedAt)).toEqual([
      '2026-11-25T00:00:00.000Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-22T00:00:00.000Z',
      '2026-11-21T00:00:00.000Z',
      '2026-11-20T00:00:00.000Z',
    ]);
  });
});

describe('GetFindings pagination', () => {
  const many = Array.from({ length: 23 }, (_, i) => asff(`model-${String(i).padStart(2, '0')}`));

  it('pages through every finding with MaxResults and NextToken', async () => {
    // Prepare
    const { client } = await hub(many);

    // Act
    const first = await client.send(new GetFindingsCommand({ MaxResults: 10 }));
    const pages: number[] = [];
    const ids: string[] = [];
    for await (const page of paginateGetFindings({ client, pageSize: 10 }, {})) {
      pages.push(page.Findings?.length ?? 0);
      ids.push(...(page.Findings ?? []).map((f) => String(f.Id)));
    }

    // Assess
    expect(first.Findings).toHaveLength(10);
    expect(first.NextToken).toEqual(expect.any(String));
    expect(pages).toEqual([10, 10, 3]);
    expect(ids).toEqual(many.map((f) => f.Id));
  });

  it('returns up to 100 findings by default', async () => {
    // Prepare
    const { client } = await hub(Array.from({ length: 101 }, (_, i) => asff(`m-${i}`)));

    // Act
    const out = await client.send(new GetFindingsCommand({}));

    // Assess
    expect(out.Findings).toHaveLength(100);
    expect(out.NextToken).toEqual(expect.any(String));
  });

  it('refuses a NextToken replayed with other filters, and MaxResults over 100', async () => {
    // Prepare
    const { client } = await hub(many);
    const first = await client.send(new GetFindingsCommand({ MaxResults: 5 }));

    // Act
    const replayed = await rejection(
      client.send(
        new GetFindingsCommand({
          MaxResults: 5,
          NextToken: first.NextToken,
          Filters: { RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }] },
        }),
      ),
    );
    const forged = await rejection(client.send(new GetFindingsCommand({ NextToken: 'bm90LWEtdG9rZW4' })));
    const tooMany = await rejection(client.send(new GetFindingsCommand({ MaxResults: 101 })));

    // Assess
    expect(replayed).toBeInstanceOf(InvalidInputException);
    expect(replayed.message).toMatch(/NextToken/);
    expect(forged).toBeInstanceOf(InvalidInputException);
    expect(tooMany).toBeInstanceOf(InvalidInputException);
    expect(tooMany.message).toMatch(/MaxResults/);
  });
});

describe('GetFindingsV2', () => {
  const findings = [ocsf('fraud-scorer-v3'), ocsf('fraud-scorer-v2', 2), ocsf('recommender', 4), ...FINDINGS];

  it('returns only the OCSF findings, in pages', async () => {
    // Prepare
    const { client } = await hub(findings);

    // Act
    const pages: string[][] = [];
    for await (const page of paginateGetFindingsV2({ client, pageSize: 2 }, {})) {
      pages.push((page.Findings ?? []).map((f) => String(isRecord(f) ? f.status_id : '')));
    }

    // Assess
    expect(pages).toEqual([['1', '2'], ['4']]);
  });

  it('filters on OCSF paths with string and number filters', async () => {
    // Prepare
    const { client } = await hub(findings);

    // Act
    const out = await client.send(
      new GetFindingsV2Command({
        Filters: {
          CompositeOperator: 'AND',
          CompositeFilters: [
            {
              Operator: 'OR',
              StringFilters: [
                { FieldName: 'resources.uid', Filter: { Value: 'fraud-scorer-v3', Comparison: 'EQUALS' } },
                { FieldName: 'resources.uid', Filter: { Value: 'recommender', Comparison: 'EQUALS' } },
              ],
            },
            { NumberFilters: [{ FieldName: 'status_id', Filter: { Lte: 2 } }] },
            {
              StringFilters: [
                { FieldName: 'compliance.control', Filter: { Value: 'SageMaker.5', Comparison: 'EQUALS' } },
              ],
            },
          ],
        },
      }),
    );

    // Assess
    expect(out.Findings).toEqual([
      expect.objectContaining({ metadata: expect.objectContaining({ uid: 'uid-fraud-scorer-v3' }) }),
    ]);
  });

  it('refuses the filter types it does not emulate with ValidationException', async () => {
    // Prepare
    const { client } = await hub(findings);

    // Act
    const error = await rejection(
      client.send(
        new GetFindingsV2Command({
          Filters: {
            CompositeFilters: [
              {
                DateFilters: [
                  {
                    FieldName: 'finding_info.created_time_dt',
                    Filter: { DateRange: { Value: 1, Unit: 'DAYS' } },
                  },
                ],
              },
            ],
          },
        }),
      ),
    );

    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error.message).toMatch(/DateFilters/);
  });
});
