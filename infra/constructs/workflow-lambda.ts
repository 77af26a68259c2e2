import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, Aws, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
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
 * Bundles a handler with infra/bundling (esbuild, locally). A separate process, because CDK's local bundling
 * is synchronous and the esbuild plugin sm5 needs runs only in esbuild's asynchronous API.
 */
function bundleLocally(projectRoot: string, entry: string, outputDir: string): boolean {
  const cli = join(projectRoot, 'infra', 'bundling', 'bundle-cli.ts');
  const result = spawnSync(process.execPath, ['--import', 'tsx', cli, entry, outputDir], {
    cwd: projectRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(
      `bundling ${entry} failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr}`,
    );
  }
  return true;
}

/**
 * One workflow step as a Lambda: its own role holding only its step's permissions (plus writing to its own
 * log group), bundled by the local esbuild with the AWS SDK clients it imports and nothing else.
 */
export class WorkflowLambda extends Construct {
  readonly function: lambda.Function;
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

    const entry = join(projectRoot, spec.handlerFile);
    this.function = new lambda.Function(this, 'Function', {
      // As NodejsFunction does: the project is the source, the bundle's own content is the asset's hash,
      // and a synth that skips bundling (another stack deployed alone) skips this too.
      code: lambda.Code.fromAsset(projectRoot, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Every function bundles from the same folder, and CDK caches a bundle by its folder and bundling
          // options: naming the handler here keeps the eight bundles apart.
          environment: { SM5_HANDLER: spec.handlerFile },
          // Never pulled: local bundling either succeeds or throws, and CI has no Docker daemon.
          image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
          local: { tryBundle: (outputDir) => bundleLocally(projectRoot, entry, outputDir) },
        },
      }),
      handler: 'index.handler',
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
    });
  }
}
