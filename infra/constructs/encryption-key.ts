import { Aws, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/**
 * The customer managed key for what sm5 writes that can hold a customer's data: the workflow's logs carry
 * execution data (a model's container environment is part of the plan), the topic carries plans and
 * approval tokens. The key policy lets exactly the services that write them use it, for this account only.
 */
export class EncryptionKey extends Construct {
  readonly key: kms.Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'sm5: encrypts the remediation workflow logs and its notification topic',
      enableKeyRotation: true,
      // Deleting the key would make the retained logs unreadable.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const logsArn = `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:log-group:*`;
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchLogsEncryptsThisAccountsLogGroups',
        principals: [new iam.ServicePrincipal(`logs.${Aws.REGION}.amazonaws.com`)],
        actions: [
          'kms:Encrypt',
          'kms:Decrypt',
          'kms:ReEncryptFrom',
          'kms:ReEncryptTo',
          'kms:GenerateDataKey',
          'kms:GenerateDataKeyWithoutPlaintext',
          'kms:DescribeKey',
        ],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': logsArn } },
      }),
    );
    // CloudWatch alarms and EventBridge publish to the encrypted topic; SNS asks KMS on their behalf.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsAndEventsPublishToTheEncryptedTopic',
        principals: [
          new iam.ServicePrincipal('cloudwatch.amazonaws.com'),
          new iam.ServicePrincipal('events.amazonaws.com'),
        ],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
  }
}
