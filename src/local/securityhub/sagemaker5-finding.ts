/**
 * A consolidated SageMaker.5 finding (FAILED, NEW, ACTIVE) as Security Hub stores it, shaped like
 * test/fixtures/events/asff-imported-consolidated.json: what scenarios, workflow tests and the bench seed.
 */
export interface SageMaker5FindingOptions {
  readonly id: string;
  readonly account: string;
  readonly region: string;
  readonly modelArn: string;
}

export function sageMaker5Finding(options: SageMaker5FindingOptions): Record<string, unknown> {
  const { id, account, region, modelArn } = options;
  return {
    SchemaVersion: '2018-10-08',
    Id: id,
    ProductArn: `arn:aws:securityhub:${region}::product/aws/securityhub`,
    GeneratorId: 'security-control/SageMaker.5',
    AwsAccountId: account,
    Region: region,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards'],
    CreatedAt: '2026-11-20T09:14:03.511Z',
    UpdatedAt: '2026-11-26T09:14:05.902Z',
    Severity: { Label: 'MEDIUM', Normalized: 40 },
    Title: 'SageMaker models should have network isolation enabled',
    Description:
      'This control checks whether an Amazon SageMaker hosted model has network isolation enabled.',
    Resources: [{ Type: 'AwsSageMakerModel', Id: modelArn, Partition: 'aws', Region: region }],
    Compliance: { Status: 'FAILED', SecurityControlId: 'SageMaker.5' },
    Workflow: { Status: 'NEW' },
    RecordState: 'ACTIVE',
  };
}
