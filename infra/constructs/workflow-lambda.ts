import { join } from 'node:path';
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fillArn, type Permission, type WorkflowFunction } from '../../src/domain/workflow-functions.ts';
import { acknowledgeWildcards } from '../nag.ts';

export interface WorkflowLambdaProps {
  readonly spec: WorkflowFunction;
  /** The permissions the step gets: the spec's, plus deployment-specific ones (rollback alarms). */
  readonly permissions: readonly Permission[];
  readonly environment: Readonly<Record<string, string>>;
  /** Encrypts the function's log group. */
  readonly logKey: kms.IKey;
  /** The repository root: handler files and package-lock.json are found from here. */
  readonly projectRoot: string;
}

/** Runtime of every function: the newest Node.js this aws-cdk-lib knows (22 or later is required). */
export const RUNTIME = lambda.Runtime.NODEJS_24_X;
export const LOG_RETENTION = logs.RetentionDays.ONE_YEAR;

function deployTimeArn(template: string): string {
  return fillArn(template, { partition: Aws.PARTITION, region: Aws.REGION, account: Aws.ACCOUNT_ID });
}

function fillConditions(conditions: Permission['conditions']): Record<string, Record<string, unknown>> {
  const filled: Record<string, Record<string, unknown>> = {};
  for (const [operator, keys] of Object.entries(conditions ?? {})) {
    filled[operator] = Object.fromEntries(
      Object.entries(keys).map(([key, value]) => [
        key,
        typeof value === 'string' ? deployTimeArn(value) : value.map(deployTimeArn),
      ]),
    );
  }
  return filled;
}

export function toStatement(permission: Permission): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: permission.sid,
    actions: [...permission.actions],
    resources: permission.resources.map(deployTimeArn),
    ...(permission.conditions ? { conditions: fillConditions(permission.conditions) } : {}),
  });
}

/**
 * One workflow step as a Lambda: its own role holding only its step's permissions (plus writing to its own
 * log group), bundled by the local esbuild with the AWS SDK clients it imports and nothing else.
 */
export class WorkflowLambda extends Construct {
  readonly function: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: WorkflowLambdaProps) {
    super(scope, id);
    const { spec, projectRoot } = props;

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.logKey,
      retention: LOG_RETENTION,
      // Logs are part of the audit trail: uninstalling sm5 must not erase what it did.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const steps = new iam.PolicyDocument({ statements: props.permissions.map(toStatement) });
    const logging = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'WriteOwnLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          // The attribute already ends in ":*", which covers the log streams Lambda creates.
          resources: [this.logGroup.logGroupArn],
        }),
      ],
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${spec.description} (sm5 ${spec.id} step)`,
      // Inline, not managed: the role's whole power is in this one resource, and no AWS managed policy
      // (AWSLambdaBasicExecutionRole writes to any log group) widens it.
      inlinePolicies: props.permissions.length > 0 ? { step: steps, logging } : { logging },
    });
    acknowledgeWildcards(this.role, props.permissions);

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(projectRoot, spec.handlerFile),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: join(projectRoot, 'package-lock.json'),
      runtime: RUNTIME,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: spec.description,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      environment: { ...props.environment },
      bundling: {
        // Local esbuild only: a Docker fallback would make synth depend on a daemon CI does not have.
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node24',
        mainFields: ['module', 'main'],
        minify: true,
        sourceMap: false,
        // Bundle the SDK instead of using the runtime's copy: the versions we test are the versions that
        // run, and tree-shaking keeps only the clients the step imports.
        externalModules: [],
        // Some CommonJS dependencies call require() at run time; an ESM bundle needs it defined.
        banner: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);",
      },
    });
  }
}
