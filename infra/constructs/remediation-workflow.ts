import { readFileSync } from 'node:fs';
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { Mode } from '../../src/domain/config.ts';
import type { FunctionId } from '../../src/domain/workflow-functions.ts';
import { STATE_MACHINE_NAME, WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';
import { TARGET_RETRY } from './dead-letter-queue.ts';
import { LOG_RETENTION } from './workflow-lambda.ts';

/** The name `sm5 start|approve|history` look the state machine up by. */
export { STATE_MACHINE_NAME };

/** Every `${Name}` in the definition. */
export function placeholdersOf(definition: string): string[] {
  return [...new Set([...definition.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

export interface RemediationWorkflowProps {
  readonly definitionPath: string;
  readonly functions: ReadonlyMap<FunctionId, lambda.IFunction>;
  readonly lockTable: dynamodb.ITable;
  readonly topic: sns.ITopic;
  readonly key: kms.IKey;
  readonly defaultMode: Mode;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * The state machine from workflows/remediate-model.asl.json, its logs and its alarms. Its role may invoke
 * the step functions, use the lock table, read its own executions' status (who holds a lock) and publish
 * approval requests: nothing else. It changes no
 * SageMaker resource itself; the step Lambdas do, each with its own role.
 */
export class RemediationWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: RemediationWorkflowProps) {
    super(scope, id);
    const definition = readFileSync(props.definitionPath, 'utf8');

    const substitutions: Record<string, string> = {
      LockTableName: props.lockTable.tableName,
      NotificationTopicArn: props.topic.topicArn,
      DefaultMode: props.defaultMode,
    };
    for (const spec of WORKFLOW_FUNCTIONS) {
      const fn = props.functions.get(spec.id);
      if (fn === undefined) throw new Error(`no Lambda for workflow step ${spec.id}`);
      substitutions[spec.placeholder] = fn.functionArn;
    }
    const missing = placeholdersOf(definition).filter((name) => !(name in substitutions));
    if (missing.length > 0) {
      throw new Error(
        `${props.definitionPath} uses placeholders the stack does not fill: ${missing.join(', ')}`,
      );
    }

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.key,
      retention: LOG_RETENTION,
      // Execution logs are the long-term audit trail (the execution history itself goes after 90 days).
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: STATE_MACHINE_NAME,
      stateMachineType: sfn.StateMachineType.STANDARD,
      comment: 'sm5: isolate a SageMaker model (Security Hub SageMaker.5) and switch its endpoints over',
      // Inline, not fromFile: template tests and cdk-nag must see the states.
      definitionBody: sfn.DefinitionBody.fromString(definition),
      definitionSubstitutions: substitutions,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });

    const functionArns = WORKFLOW_FUNCTIONS.map((spec) => props.functions.get(spec.id)?.functionArn ?? '');
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'InvokeStepFunctions',
        actions: ['lambda:InvokeFunction'],
        // Unqualified ARNs, exactly as the definition names them: no versions, no other functions.
        resources: functionArns,
      }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'UseLocks',
        actions: ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:DeleteItem'],
        resources: [props.lockTable.tableArn],
      }),
    );
    // A lock names the execution holding it; the lock states ask whether it still runs, so that a lock left
    // by a stopped or failed run is taken over instead of blocking the model for the whole lease.
    const ownExecutions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${STATE_MACHINE_NAME}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadLockOwners',
        actions: ['states:DescribeExecution'],
        resources: [ownExecutions],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'RequestApproval',
        actions: ['sns:Publish'],
        resources: [props.topic.topicArn],
      }),
    );
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'EncryptApprovalRequests',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [props.key.keyArn],
      }),
    );
    Validations.of(this.stateMachine).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${STATE_MACHINE_NAME}:*]`,
      reason:
        'Execution names are not known in advance: any execution of this one state machine may hold a lock, and only DescribeExecution is allowed on them.',
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The CDK grants X-Ray tracing and CloudWatch Logs delivery actions on "*" because those actions have no resource-level permissions.',
    });

    // Failure, timeout and abort of any run reach a human twice: per run (which one, and why) and as an alarm.
    const ended = new events.Rule(this, 'RunEndedBadly', {
      description: 'sm5: a remediation run failed, timed out or was aborted',
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: {
          stateMachineArn: [this.stateMachine.stateMachineArn],
          status: ['FAILED', 'TIMED_OUT', 'ABORTED'],
        },
      },
    });
    ended.addTarget(
      new targets.SnsTopic(props.topic, {
        message: events.RuleTargetInput.fromText(
          `sm5: run ${events.EventField.fromPath('$.detail.name')} ended ${events.EventField.fromPath('$.detail.status')}. ` +
            `See its history with: sm5 history ${events.EventField.fromPath('$.detail.executionArn')}`,
        ),
        deadLetterQueue: props.deadLetterQueue,
        retryAttempts: TARGET_RETRY.attempts,
        maxEventAge: TARGET_RETRY.maxEventAge,
      }),
    );

    const period = Duration.minutes(5);
    new cloudwatch.Alarm(this, 'RunsFailed', {
      alarmDescription: 'sm5: at least one remediation run failed, timed out or was aborted',
      metric: new cloudwatch.MathExpression({
        label: 'failed + timed out + aborted runs',
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ period, statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ period, statistic: 'Sum' }),
          aborted: this.stateMachine.metricAborted({ period, statistic: 'Sum' }),
        },
        period,
      }),
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(new cwActions.SnsAction(props.topic));
  }
}
