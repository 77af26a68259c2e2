/**
 * The remediation workflow in the sandbox: `sm5-remediate-model` registered with the real ASL, its
 * placeholders filled with sandbox ARNs, each Lambda ARN mapped to the real handler (built with SDK
 * clients pointed at the sandbox), and the lock table created in the sandbox's DynamoDB.
 */
import { readFileSync } from 'node:fs';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { sagemakerGateway } from '../../aws/sagemaker.ts';
import { securityHubGateway } from '../../aws/securityhub.ts';
import type { Mode } from '../../domain/config.ts';
import type { SageMakerPort, SecurityHubPort } from '../../domain/ports.ts';
import { substitutePlaceholders, type WorkflowSubstitutions } from '../../domain/workflow/placeholders.ts';
import {
  type WorkflowSettings,
  type WorkflowSettingsInput,
  WorkflowSettings as WorkflowSettingsSchema,
} from '../../domain/workflow/settings.ts';
import { type FunctionId, STATE_MACHINE_NAME, WORKFLOW_FUNCTIONS } from '../../domain/workflow-functions.ts';
import { checkEndpointHandler } from '../../handlers/check-endpoint.ts';
import { cloneModelHandler } from '../../handlers/clone-model.ts';
import { createEndpointConfigHandler } from '../../handlers/create-endpoint-config.ts';
import { JsonLogger } from '../../handlers/lib/logger.ts';
import { normalizeHandler } from '../../handlers/normalize.ts';
import { planHandler } from '../../handlers/plan.ts';
import { recordOutcomeHandler } from '../../handlers/record-outcome.ts';
import { retireHandler } from '../../handlers/retire.ts';
import { switchEndpointHandler } from '../../handlers/switch-endpoint.ts';
import type { Sandbox } from '../sandbox.ts';
import type { LambdaHandler } from '../stepfunctions/index.ts';

export { STATE_MACHINE_NAME };
export const LOCK_TABLE_NAME = 'sm5-locks';
export const NOTIFICATION_TOPIC_NAME = 'sm5-notifications';

/** The ASL file, as the CDK stack reads it too. */
export const WORKFLOW_DEFINITION_URL = new URL(
  '../../../workflows/remediate-model.asl.json',
  import.meta.url,
);

export interface RegisterWorkflowOptions {
  /** `${DefaultMode}`: the state machine's mode (default `approval`, as a deployment's). */
  readonly mode?: Mode;
  /** The Normalize Lambda's configuration (defaults as in config.ts). */
  readonly settings?: WorkflowSettingsInput;
  /** For the handlers' structured logs; default a silent one (the sandbox's history is the record). */
  readonly logger?: JsonLogger;
  /** ASL text to run instead of the file (tests of the definition itself). */
  readonly definition?: string;
}

export interface WorkflowRegistration {
  readonly stateMachineArn: string;
  readonly lockTableName: string;
  readonly topicArn: string;
  /** Function ARN of each Lambda, by function id. */
  readonly functionArns: Readonly<Record<FunctionId, string>>;
  readonly substitutions: WorkflowSubstitutions;
  readonly settings: WorkflowSettings;
}

type SandboxParts = Pick<Sandbox, 'account' | 'region' | 'stepFunctions' | 'dynamodb' | 'clientConfig'>;

interface HandlerDeps {
  sagemaker: SageMakerPort;
  securityHub: SecurityHubPort;
  settings: WorkflowSettings;
  logger: JsonLogger;
}

const HANDLERS: Readonly<Record<FunctionId, (deps: HandlerDeps) => LambdaHandler>> = {
  normalize: normalizeHandler,
  plan: planHandler,
  'clone-model': cloneModelHandler,
  'create-endpoint-config': createEndpointConfigHandler,
  'switch-endpoint': switchEndpointHandler,
  'check-endpoint': checkEndpointHandler,
  retire: retireHandler,
  'record-outcome': recordOutcomeHandler,
};

export function sandboxFunctionArn(sandbox: Pick<Sandbox, 'account' | 'region'>, id: FunctionId): string {
  return `arn:aws:lambda:${sandbox.region}:${sandbox.account}:function:sm5-${id}`;
}

/** Registers the workflow (idempotent for an identical registration) and returns where everything is. */
export async function registerWorkflow(
  sandbox: SandboxParts,
  options: RegisterWorkflowOptions = {},
): Promise<WorkflowRegistration> {
  const settings = WorkflowSettingsSchema.parse(options.settings ?? {});
  const topicArn = `arn:aws:sns:${sandbox.region}:${sandbox.account}:${NOTIFICATION_TOPIC_NAME}`;
  // One attempt per call: a throttle the sandbox injects must reach the workflow's Retry, which backs off on
  // the sandbox clock, rather than the SDK's, which would sleep in real time.
  const clientConfig = { ...sandbox.clientConfig(), maxAttempts: 1 };
  const deps: HandlerDeps = {
    sagemaker: sagemakerGateway(new SageMakerClient(clientConfig)),
    securityHub: securityHubGateway(new SecurityHubClient(clientConfig)),
    settings,
    logger: options.logger ?? new JsonLogger({ level: 'SILENT' }),
  };

  const arn = (id: FunctionId) => sandboxFunctionArn(sandbox, id);
  const functionArns: Record<FunctionId, string> = {
    normalize: arn('normalize'),
    plan: arn('plan'),
    'clone-model': arn('clone-model'),
    'create-endpoint-config': arn('create-endpoint-config'),
    'switch-endpoint': arn('switch-endpoint'),
    'check-endpoint': arn('check-endpoint'),
    retire: arn('retire'),
    'record-outcome': arn('record-outcome'),
  };
  const handlers: Record<string, LambdaHandler> = {};
  for (const fn of WORKFLOW_FUNCTIONS) handlers[functionArns[fn.id]] = HANDLERS[fn.id](deps);
  const substitutions: WorkflowSubstitutions = {
    NormalizeFunctionArn: functionArns.normalize,
    PlanFunctionArn: functionArns.plan,
    CloneModelFunctionArn: functionArns['clone-model'],
    CreateEndpointConfigFunctionArn: functionArns['create-endpoint-config'],
    SwitchEndpointFunctionArn: functionArns['switch-endpoint'],
    CheckEndpointFunctionArn: functionArns['check-endpoint'],
    RetireFunctionArn: functionArns.retire,
    RecordOutcomeFunctionArn: functionArns['record-outcome'],
    LockTableName: LOCK_TABLE_NAME,
    NotificationTopicArn: topicArn,
    DefaultMode: options.mode ?? 'approval',
  };

  await sandbox.dynamodb.ensureTable({
    TableName: LOCK_TABLE_NAME,
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    BillingMode: 'PAY_PER_REQUEST',
  });
  const text = options.definition ?? readFileSync(WORKFLOW_DEFINITION_URL, 'utf8');
  const { stateMachineArn } = sandbox.stepFunctions.registerStateMachine({
    name: STATE_MACHINE_NAME,
    definition: substitutePlaceholders(text, substitutions),
    handlers,
  });
  return {
    stateMachineArn,
    lockTableName: LOCK_TABLE_NAME,
    topicArn,
    functionArns,
    substitutions,
    settings,
  };
}
