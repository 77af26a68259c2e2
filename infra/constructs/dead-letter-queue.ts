import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** EventBridge delivery: a failed delivery is retried, then the event goes to the dead-letter queue. */
export const TARGET_RETRY = { attempts: 8, maxEventAge: Duration.hours(6) } as const;

/**
 * Where EventBridge puts the events it could not deliver after its retries (a finding that never started
 * a run, a failure notice that never reached the topic). An alarm fires on the first message: an event in
 * here is a finding nobody is fixing.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;

  constructor(scope: Construct, id: string, props: { readonly topic: sns.ITopic }) {
    super(scope, id);
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.queue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the EventBridge targets, and an alarm fires on its first message.',
    });
    new cloudwatch.Alarm(this, 'NotEmpty', {
      alarmDescription:
        'sm5: an event could not be delivered (a finding did not start a run, or a notice was lost); see the dead-letter queue',
      metric: this.queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cwActions.SnsAction(props.topic));
  }
}
