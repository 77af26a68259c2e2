import { join } from 'node:path';
import { CfnOutput, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Construct } from 'constructs';
import { type Sm5Config, toEnvironment } from '../../src/domain/config.ts';
import { type FunctionId, permissionsFor, WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';
import { DeadLetterQueue } from '../constructs/dead-letter-queue.ts';
import { EncryptionKey } from '../constructs/encryption-key.ts';
import { FindingTriggers } from '../constructs/finding-triggers.ts';
import { RemediationWorkflow } from '../constructs/remediation-workflow.ts';
import { WorkflowLambda } from '../constructs/workflow-lambda.ts';

/** The DynamoDB attribute the lock TTL is kept in (epoch seconds); the workflow writes it. */
export const LOCK_TTL_ATTRIBUTE = 'expiresAt';
export const LOCK_PARTITION_KEY = 'pk';

export interface Sm5StackProps extends StackProps {
  /** Validated configuration (see src/domain/config.ts). */
  readonly config: Sm5Config;
  /** The repository root: the workflow definition, handlers and lock file are found from here. */
  readonly projectRoot: string;
}

function pascal(id: string): string {
  return id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
}

/**
 * sm5 in one account and region: Security Hub events and the custom action start the remediation state
 * machine, whose steps run as Lambdas with one least-privilege role each.
 */
export class Sm5Stack extends Stack {
  readonly workflow: RemediationWorkflow;
  readonly triggers: FindingTriggers;
  readonly lockTable: dynamodb.Table;
  readonly topic: sns.Topic;
  readonly lambdas: ReadonlyMap<FunctionId, WorkflowLambda>;

  constructor(scope: Construct, id: string, props: Sm5StackProps) {
    super(scope, id, props);
    const { config, projectRoot } = props;
    const { key } = new EncryptionKey(this, 'Encryption');

    this.lockTable = new dynamodb.Table(this, 'Locks', {
      partitionKey: { name: LOCK_PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: LOCK_TTL_ATTRIBUTE,
      // Items are model and endpoint ARNs with the execution holding them: the AWS owned-by-account key
      // (aws/dynamodb) is enough, and keeps KMS out of every lock operation.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Locks live minutes to days; nothing in the table outlives a run.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.topic = new sns.Topic(this, 'Notifications', {
      displayName: 'sm5 approvals and failures',
      masterKey: key,
      enforceSSL: true,
    });
    if (config.notificationEmail !== undefined) {
      this.topic.addSubscription(new subscriptions.EmailSubscription(config.notificationEmail));
    }

    const environment = toEnvironment(config);
    const alarms = config.deployment.rollbackAlarms ?? [];
    const lambdas = new Map<FunctionId, WorkflowLambda>();
    for (const spec of WORKFLOW_FUNCTIONS) {
      lambdas.set(
        spec.id,
        new WorkflowLambda(this, pascal(spec.id), {
          spec,
          permissions: permissionsFor(spec, alarms),
          environment: spec.readsConfig ? environment : {},
          logKey: key,
          projectRoot,
        }),
      );
    }
    this.lambdas = lambdas;

    const deadLetters = new DeadLetterQueue(this, 'DeadLetters', { topic: this.topic });
    const functions = new Map<FunctionId, lambda.IFunction>(
      [...lambdas].map(([fnId, construct]) => [fnId, construct.function]),
    );
    this.workflow = new RemediationWorkflow(this, 'Workflow', {
      definitionPath: join(projectRoot, 'workflows', 'remediate-model.asl.json'),
      functions,
      lockTable: this.lockTable,
      topic: this.topic,
      key,
      defaultMode: config.mode,
      deadLetterQueue: deadLetters.queue,
    });
    this.triggers = new FindingTriggers(this, 'Triggers', {
      stateMachine: this.workflow.stateMachine,
      deadLetterQueue: deadLetters.queue,
    });

    new CfnOutput(this, 'StateMachineArn', {
      description: 'sm5 start/approve/history take it with --state-machine, or SM5_STATE_MACHINE_ARN',
      value: this.workflow.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'CustomActionArn', {
      description: 'The Security Hub custom action "sm5 remediate"',
      value: this.triggers.customAction.attrActionTargetArn,
    });
    new CfnOutput(this, 'NotificationTopicArn', {
      description: 'Approval requests, failed runs and alarms; subscribe approvers here',
      value: this.topic.topicArn,
    });
    new CfnOutput(this, 'LockTableName', {
      description: 'The lock table (one item per model or endpoint being remediated)',
      value: this.lockTable.tableName,
    });
  }
}
