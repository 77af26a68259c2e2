/**
 * The Lambdas the state machine names, defined once: which ASL placeholder each fills, the handler file that
 * implements it, its size, and the AWS permissions its step needs, each with the reason a security reviewer
 * asks for. The CDK stack builds one function and one role per entry from this table, the template tests
 * check the roles against it, and the sandbox maps placeholders to handlers with it.
 *
 * ARNs are templates: `{partition}`, `{region}` and `{account}` are filled by whoever deploys them (the stack
 * uses the deploy-time values), so the table itself stays pure data.
 */
import { TAG_SUPERSEDED_BY } from './builders/lineage-tags.ts';

/** The state machine's name: the stack deploys it, the sandbox registers it, the CLI looks it up by it. */
export const STATE_MACHINE_NAME = 'sm5-remediate-model';

export type FunctionId =
  | 'normalize'
  | 'plan'
  | 'clone-model'
  | 'create-endpoint-config'
  | 'switch-endpoint'
  | 'check-endpoint'
  | 'retire'
  | 'record-outcome';

type ConditionValue = string | readonly string[];
export type Conditions = Readonly<Record<string, Readonly<Record<string, ConditionValue>>>>;

export interface Permission {
  /** IAM statement id: letters and digits. */
  readonly sid: string;
  /** One sentence: why the step needs it. security.md and the cdk-nag acknowledgements quote it. */
  readonly reason: string;
  readonly actions: readonly string[];
  /** ARN templates, or `*` for actions AWS does not authorise per resource. */
  readonly resources: readonly string[];
  readonly conditions?: Conditions;
}

export interface WorkflowFunction {
  readonly id: FunctionId;
  /** The `${...}` placeholder in workflows/remediate-model.asl.json that this function's ARN replaces. */
  readonly placeholder: string;
  /** Relative to the repository root; exports `handler`. */
  readonly handlerFile: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Whether the function gets the deployment's configuration (config.ts `ENV`) in its environment. */
  readonly readsConfig: boolean;
  readonly permissions: readonly Permission[];
}

export const ARN = {
  model: 'arn:{partition}:sagemaker:{region}:{account}:model/*',
  endpoint: 'arn:{partition}:sagemaker:{region}:{account}:endpoint/*',
  endpointConfig: 'arn:{partition}:sagemaker:{region}:{account}:endpoint-config/*',
  inferenceComponent: 'arn:{partition}:sagemaker:{region}:{account}:inference-component/*',
  /** Model execution roles have names sm5 cannot know in advance; PassRole is conditioned instead. */
  executionRoles: 'arn:{partition}:iam::{account}:role/*',
  kmsKeys: 'arn:{partition}:kms:{region}:{account}:key/*',
  alarm: 'arn:{partition}:cloudwatch:{region}:{account}:alarm:{name}',
} as const;

/** Actions AWS only authorises against `*` (no resource-level permissions); see the Service Authorization Reference. */
export const UNSCOPABLE_ACTIONS: ReadonlySet<string> = new Set([
  'sagemaker:ListModels',
  'sagemaker:ListEndpoints',
  'sagemaker:ListInferenceComponents',
  'securityhub:BatchUpdateFindings',
]);

const PASS_ROLE_TO_SAGEMAKER: Conditions = {
  StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' },
};

/** The superseded tag is the retire step's alone: the steps that create resources may not set it. */
const NOT_THE_SUPERSEDED_TAG: Conditions = {
  'ForAllValues:StringNotEquals': { 'aws:TagKeys': [TAG_SUPERSEDED_BY] },
};

const readModel: Permission = {
  sid: 'ReadModels',
  reason: 'Describe a model and read its tags, to copy every field and tag into the isolated clone.',
  actions: ['sagemaker:DescribeModel', 'sagemaker:ListTags'],
  resources: [ARN.model],
};

/** What discovering who serves a model takes: no API lists the endpoints that use a model. */
const discoverServing: Permission[] = [
  {
    sid: 'ListServingResources',
    reason:
      'List endpoints and their inference components: no SageMaker API names the endpoints that serve a model.',
    actions: ['sagemaker:ListEndpoints', 'sagemaker:ListInferenceComponents'],
    resources: ['*'],
  },
  {
    sid: 'DescribeServingResources',
    reason:
      'Describe each endpoint, its config and inference components to find the variants that serve the model.',
    actions: [
      'sagemaker:DescribeModel',
      'sagemaker:DescribeEndpoint',
      'sagemaker:DescribeEndpointConfig',
      'sagemaker:DescribeInferenceComponent',
      'sagemaker:ListTags',
    ],
    resources: [ARN.model, ARN.endpoint, ARN.endpointConfig, ARN.inferenceComponent],
  },
];

function handler(id: FunctionId): string {
  return `src/handlers/${id}.ts`;
}

const LAMBDA_TIMEOUT = 60;

export const WORKFLOW_FUNCTIONS: readonly WorkflowFunction[] = [
  {
    id: 'normalize',
    placeholder: 'NormalizeFunctionArn',
    handlerFile: handler('normalize'),
    description: 'sm5: turn a Security Hub event or a CLI request into a remediation request, or reject it',
    memoryMb: 256,
    timeoutSeconds: 10,
    // The other steps read the settings from the run that Normalize starts, never from their environment.
    readsConfig: true,
    // Pure parsing and configuration: it calls no AWS API, so its role may do nothing but write its logs.
    permissions: [],
  },
  {
    id: 'plan',
    placeholder: 'PlanFunctionArn',
    handlerFile: handler('plan'),
    description: 'sm5: plan the fix of one model (read-only)',
    memoryMb: 512,
    // Discovery walks every endpoint of the account; with throttling that can take a while.
    timeoutSeconds: 300,
    readsConfig: false,
    permissions: [
      {
        sid: 'FindModelByName',
        reason:
          'List models to find the one a finding names when its ARN carries the name lowercased: DescribeModel matches names exactly.',
        actions: ['sagemaker:ListModels'],
        resources: ['*'],
      },
      ...discoverServing,
    ],
  },
  {
    id: 'clone-model',
    placeholder: 'CloneModelFunctionArn',
    handlerFile: handler('clone-model'),
    description: 'sm5: create the network-isolated clone of a model',
    memoryMb: 256,
    timeoutSeconds: LAMBDA_TIMEOUT,
    readsConfig: false,
    permissions: [
      readModel,
      {
        sid: 'CreateIsolatedModel',
        reason:
          'Create the clone, and only with network isolation: the condition makes any other CreateModel fail.',
        actions: ['sagemaker:CreateModel'],
        resources: [ARN.model],
        conditions: { Bool: { 'sagemaker:NetworkIsolation': 'true' } },
      },
      {
        sid: 'TagNewModel',
        reason: 'CreateModel with tags needs AddTags: the clone carries the original tags and its lineage.',
        actions: ['sagemaker:AddTags'],
        resources: [ARN.model],
        conditions: NOT_THE_SUPERSEDED_TAG,
      },
      {
        sid: 'PassExecutionRoleToSageMaker',
        reason:
          "The clone runs with the original model's execution role, which CreateModel must pass to SageMaker.",
        actions: ['iam:PassRole'],
        resources: [ARN.executionRoles],
        conditions: PASS_ROLE_TO_SAGEMAKER,
      },
    ],
  },
  {
    id: 'create-endpoint-config',
    placeholder: 'CreateEndpointConfigFunctionArn',
    handlerFile: handler('create-endpoint-config'),
    description: 'sm5: create an endpoint config that serves the isolated clones',
    memoryMb: 256,
    timeoutSeconds: LAMBDA_TIMEOUT,
    readsConfig: false,
    permissions: [
      {
        sid: 'ReadEndpointConfigs',
        reason: "Read the endpoint's current config and its tags, to copy them into the new config.",
        actions: ['sagemaker:DescribeEndpoint', 'sagemaker:DescribeEndpointConfig', 'sagemaker:ListTags'],
        resources: [ARN.endpoint, ARN.endpointConfig],
      },
      {
        sid: 'CreateEndpointConfig',
        reason: 'Create the new config; the old one stays untouched so the endpoint can roll back to it.',
        actions: ['sagemaker:CreateEndpointConfig'],
        resources: [ARN.endpointConfig],
      },
      {
        sid: 'TagNewEndpointConfig',
        reason:
          'CreateEndpointConfig with tags needs AddTags: the config carries the original tags and its lineage.',
        actions: ['sagemaker:AddTags'],
        resources: [ARN.endpointConfig],
        conditions: NOT_THE_SUPERSEDED_TAG,
      },
      {
        sid: 'PassConfigExecutionRoleToSageMaker',
        reason:
          'A config may name an execution role (inference components); copying it passes that role to SageMaker.',
        actions: ['iam:PassRole'],
        resources: [ARN.executionRoles],
        conditions: PASS_ROLE_TO_SAGEMAKER,
      },
    ],
  },
  {
    id: 'switch-endpoint',
    placeholder: 'SwitchEndpointFunctionArn',
    handlerFile: handler('switch-endpoint'),
    description: 'sm5: move an endpoint to its isolated config (blue/green)',
    memoryMb: 256,
    timeoutSeconds: LAMBDA_TIMEOUT,
    readsConfig: false,
    permissions: [
      {
        sid: 'SwitchEndpoint',
        reason:
          'Read the endpoint and update it to the new config; SageMaker keeps the old fleet until the new one is healthy.',
        actions: ['sagemaker:DescribeEndpoint', 'sagemaker:UpdateEndpoint'],
        resources: [ARN.endpoint],
      },
      {
        sid: 'GrantKmsToSageMaker',
        reason:
          'An endpoint config with a KmsKeyId needs the caller of UpdateEndpoint to let SageMaker create a grant on that key.',
        actions: ['kms:CreateGrant', 'kms:DescribeKey'],
        resources: [ARN.kmsKeys],
        conditions: { StringEquals: { 'kms:ViaService': 'sagemaker.{region}.amazonaws.com' } },
      },
    ],
  },
  {
    id: 'check-endpoint',
    placeholder: 'CheckEndpointFunctionArn',
    handlerFile: handler('check-endpoint'),
    description: 'sm5: is the endpoint InService on its new config yet?',
    memoryMb: 128,
    timeoutSeconds: 30,
    readsConfig: false,
    permissions: [
      {
        sid: 'ReadEndpoint',
        reason:
          'Read the endpoint status: done means InService on the new config, since SageMaker rolls back silently.',
        actions: ['sagemaker:DescribeEndpoint'],
        resources: [ARN.endpoint],
      },
    ],
  },
  {
    id: 'retire',
    placeholder: 'RetireFunctionArn',
    handlerFile: handler('retire'),
    description: 'sm5: tag what the run replaced as superseded and delete it when nothing uses it',
    memoryMb: 512,
    timeoutSeconds: 300,
    readsConfig: false,
    permissions: [
      ...discoverServing,
      {
        sid: 'MarkSuperseded',
        reason: `Tag the replaced model and configs with ${TAG_SUPERSEDED_BY}, and with no other key.`,
        actions: ['sagemaker:AddTags'],
        resources: [ARN.model, ARN.endpointConfig],
        conditions: {
          'ForAllValues:StringEquals': { 'aws:TagKeys': [TAG_SUPERSEDED_BY] },
          Null: { 'aws:TagKeys': 'false' },
        },
      },
      {
        sid: 'DeleteSupersededOnly',
        reason: `Delete the replaced model and configs, and only resources tagged ${TAG_SUPERSEDED_BY}.`,
        actions: ['sagemaker:DeleteModel', 'sagemaker:DeleteEndpointConfig'],
        resources: [ARN.model, ARN.endpointConfig],
        conditions: { Null: { [`aws:ResourceTag/${TAG_SUPERSEDED_BY}`]: 'false' } },
      },
    ],
  },
  {
    id: 'record-outcome',
    placeholder: 'RecordOutcomeFunctionArn',
    handlerFile: handler('record-outcome'),
    description: 'sm5: write the outcome on the finding (workflow status and note)',
    memoryMb: 128,
    timeoutSeconds: 30,
    readsConfig: false,
    permissions: [
      {
        sid: 'UpdateFindings',
        reason:
          'Set the workflow status and a note on the finding; BatchUpdateFindings and BatchUpdateFindingsV2 both use this action, which has no resource-level permissions.',
        actions: ['securityhub:BatchUpdateFindings'],
        resources: ['*'],
      },
    ],
  },
];

/**
 * Lets SageMaker read the rollback alarms on the caller's behalf: the SageMaker guide asks the caller of
 * UpdateEndpoint for cloudwatch:DescribeAlarms on the auto-rollback alarms. Only the named alarms.
 */
export function rollbackAlarmPermission(alarmNames: readonly string[]): Permission | undefined {
  if (alarmNames.length === 0) return undefined;
  return {
    sid: 'ReadRollbackAlarms',
    reason: 'SageMaker checks the auto-rollback alarms with the permissions of the caller of UpdateEndpoint.',
    actions: ['cloudwatch:DescribeAlarms'],
    resources: alarmNames.map((name) => ARN.alarm.replace('{name}', name)),
  };
}

/** Every permission a function gets for a deployment whose rollback alarms are `alarmNames`. */
export function permissionsFor(fn: WorkflowFunction, alarmNames: readonly string[] = []): Permission[] {
  const alarms = fn.id === 'switch-endpoint' ? rollbackAlarmPermission(alarmNames) : undefined;
  return alarms ? [...fn.permissions, alarms] : [...fn.permissions];
}

export function functionForPlaceholder(placeholder: string): WorkflowFunction | undefined {
  return WORKFLOW_FUNCTIONS.find((fn) => fn.placeholder === placeholder);
}

/** Fills `{partition}`, `{region}` and `{account}` in an ARN template (or a condition value). */
export function fillArn(template: string, values: { partition: string; region: string; account: string }) {
  return template
    .replaceAll('{partition}', values.partition)
    .replaceAll('{region}', values.region)
    .replaceAll('{account}', values.account);
}
