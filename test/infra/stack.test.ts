/**
 * The deployed stack, synthesized once (with bundling and cdk-nag) and checked property by property.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeholdersOf, STATE_MACHINE_NAME } from '../../infra/constructs/remediation-workflow.ts';
import { createApp, PROJECT_ROOT, type Sm5App } from '../../infra/create-app.ts';
import { STATE_MACHINE_NAME as CLI_STATE_MACHINE_NAME } from '../../src/cli/workflow/state-machine.ts';
import { TAG_SUPERSEDED_BY } from '../../src/domain/builders/lineage-tags.ts';
import { ENV, toEnvironment } from '../../src/domain/config.ts';
import {
  asffImportedPattern,
  CUSTOM_ACTION_ID,
  CUSTOM_ACTION_NAME,
  customActionArn,
  ocsfImportedPattern,
} from '../../src/domain/event-patterns.ts';
import { matchesPattern } from '../../src/domain/pattern-match.ts';
import {
  type FunctionId,
  fillArn,
  permissionsFor,
  UNSCOPABLE_ACTIONS,
  WORKFLOW_FUNCTIONS,
} from '../../src/domain/workflow-functions.ts';
import {
  type CfnResource,
  EVENT_FIXTURES,
  type EventFixture,
  identityStatements,
  isObject,
  type Json,
  type JsonObject,
  loadEvent,
  render,
  roleOfFunction,
  type Statement,
} from './template.ts';

const ROLLBACK_ALARM = 'sm5-endpoint-5xx';
const CONTEXT = {
  mode: 'auto',
  approvalTimeout: '2h',
  notificationEmail: 'secops@example.com',
  deployment: { rollbackAlarms: [ROLLBACK_ALARM] },
};
const ASL_PATH = join(PROJECT_ROOT, 'workflows', 'remediate-model.asl.json');
const PSEUDO = {
  partition: `\${AWS::Partition}`,
  region: `\${AWS::Region}`,
  account: `\${AWS::AccountId}`,
};

let outdir: string;
let sm5: Sm5App;
let resources: Record<string, CfnResource>;
let outputs: Record<string, JsonObject>;
let statements: Statement[];

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'sm5-infra-'));
  sm5 = createApp({ outdir, context: CONTEXT });
  // Template.fromStack runs the Validations plugins: a cdk-nag finding would throw here.
  const template = Template.fromStack(sm5.stack).toJSON();
  resources = template.Resources;
  outputs = template.Outputs;
  statements = identityStatements(resources);
}, 180_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

function ofType(type: string): [string, CfnResource][] {
  return Object.entries(resources).filter(([, resource]) => resource.Type === type);
}

function only(type: string): [string, CfnResource] {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  const [first] = found;
  if (first === undefined) throw new Error(`no ${type}`);
  return first;
}

function props(resource: CfnResource): JsonObject {
  return resource.Properties ?? {};
}

function stateMachine(): JsonObject {
  return props(only('AWS::StepFunctions::StateMachine')[1]);
}

function substitutions(): JsonObject {
  const subs = stateMachine().DefinitionSubstitutions;
  if (!isObject(subs)) throw new Error('no DefinitionSubstitutions');
  return subs;
}

/** The Lambda each workflow step runs as, found through the substitution of its placeholder. */
function functionOf(id: FunctionId): { logicalId: string; resource: CfnResource } {
  const spec = WORKFLOW_FUNCTIONS.find((fn) => fn.id === id);
  const target = render(substitutions()[spec?.placeholder ?? ''] ?? null);
  const logicalId = target.replace(/^\$\{/, '').replace(/\.Arn\}$/, '');
  const resource = resources[logicalId];
  if (resource?.Type !== 'AWS::Lambda::Function') throw new Error(`${id}: ${target} is not a Lambda`);
  return { logicalId, resource };
}

function stepStatements(id: FunctionId): Statement[] {
  const role = roleOfFunction(functionOf(id).resource);
  return statements.filter((s) => s.roles.includes(role));
}

function stateMachineRole(): string {
  return render(stateMachine().RoleArn ?? null)
    .replace(/^\$\{/, '')
    .replace(/\.Arn\}$/, '');
}

describe('the state machine', () => {
  it('is the definition file, inline, with every placeholder substituted and nothing else', () => {
    const definition = readFileSync(ASL_PATH, 'utf8');
    expect(stateMachine().DefinitionString).toBe(definition);
    expect(Object.keys(substitutions()).sort()).toEqual(placeholdersOf(definition));
    // The name `sm5 start|approve|history` look the state machine up by.
    expect(stateMachine().StateMachineName).toBe(STATE_MACHINE_NAME);
    expect(STATE_MACHINE_NAME).toBe(CLI_STATE_MACHINE_NAME);
  });

  it('fills the non-Lambda placeholders with the lock table, the topic and the configured mode', () => {
    const [tableId] = only('AWS::DynamoDB::Table');
    const [topicId] = only('AWS::SNS::Topic');
    expect(render(substitutions().LockTableName)).toBe(`\${${tableId}}`);
    expect(render(substitutions().NotificationTopicArn)).toBe(`\${${topicId}}`);
    expect(substitutions().DefaultMode).toBe('auto');
  });

  it('names, through its placeholders, exactly the Lambdas of the stack, each built from its handler', () => {
    const named = WORKFLOW_FUNCTIONS.map((spec) => functionOf(spec.id).logicalId).sort();
    expect(named).toEqual(
      ofType('AWS::Lambda::Function')
        .map(([id]) => id)
        .sort(),
    );
    for (const spec of WORKFLOW_FUNCTIONS) {
      expect(props(functionOf(spec.id).resource).Description).toBe(spec.description);
      expect(existsSync(join(PROJECT_ROOT, spec.handlerFile)), spec.handlerFile).toBe(true);
    }
  });

  it('may invoke exactly the Lambdas its definition names, and no version or other function', () => {
    const invoking = statements.filter((s) => s.actions.some((a) => a.startsWith('lambda:')));
    expect(invoking).toHaveLength(1);
    const [invoke] = invoking;
    expect(invoke?.roles).toEqual([stateMachineRole()]);
    expect(invoke?.actions).toEqual(['lambda:InvokeFunction']);
    const expected = WORKFLOW_FUNCTIONS.map((spec) => `\${${functionOf(spec.id).logicalId}.Arn}`);
    expect([...(invoke?.resources ?? [])].sort()).toEqual(expected.sort());
  });

  it('logs every event with execution data to a KMS-encrypted log group, and traces with X-Ray', () => {
    const logging = stateMachine().LoggingConfiguration;
    expect(logging).toMatchObject({ Level: 'ALL', IncludeExecutionData: true });
    const destination =
      isObject(logging) && Array.isArray(logging.Destinations) ? logging.Destinations[0] : null;
    const groupArn =
      isObject(destination) && isObject(destination.CloudWatchLogsLogGroup)
        ? render(destination.CloudWatchLogsLogGroup.LogGroupArn)
        : '';
    const groupId = groupArn.replace(/^\$\{/, '').replace(/\.Arn\}$/, '');
    expect(resources[groupId]?.Type).toBe('AWS::Logs::LogGroup');
    expect(props(resources[groupId] ?? { Type: '' }).KmsKeyId).toBeDefined();
    expect(stateMachine().TracingConfiguration).toEqual({ Enabled: true });
  });

  it('gives its own role only invoke, lock, read lock owners, publish and the logging/tracing actions the CDK adds', () => {
    const own = statements.filter((s) => s.roles.includes(stateMachineRole()));
    const actions = own.flatMap((s) => s.actions);
    const services = new Set(actions.map((action) => action.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'lambda', 'logs', 'sns', 'states', 'xray']);
    // Reading a lock owner's status: DescribeExecution, on this state machine's executions only.
    const states = own.filter((s) => s.actions.some((a) => a.startsWith('states:')));
    expect(states.map((s) => ({ actions: s.actions, resources: s.resources.map(render) }))).toEqual([
      {
        actions: ['states:DescribeExecution'],
        resources: [
          `arn:\${AWS::Partition}:states:\${AWS::Region}:\${AWS::AccountId}:execution:${STATE_MACHINE_NAME}:*`,
        ],
      },
    ]);
    expect(actions.filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
    ]);
  });
});

describe('the Lambdas', () => {
  it.each(WORKFLOW_FUNCTIONS.map((spec) => [spec.id, spec] as const))(
    '%s runs Node.js 22+ on arm64 with its own size, timeout and encrypted log group',
    (id, spec) => {
      const fn = props(functionOf(id).resource);
      const runtime = String(fn.Runtime);
      expect(runtime).toMatch(/^nodejs\d+\.x$/);
      expect(Number(runtime.replace(/\D/g, ''))).toBeGreaterThanOrEqual(22);
      expect(fn.Architectures).toEqual(['arm64']);
      expect(fn.MemorySize).toBe(spec.memoryMb);
      expect(fn.Timeout).toBe(spec.timeoutSeconds);
      expect(fn.Handler).toBe('index.handler');
      const logConfig = fn.LoggingConfig;
      const group = isObject(logConfig) ? render(logConfig.LogGroup).replace(/^\$\{|\}$/g, '') : '';
      expect(props(resources[group] ?? { Type: '' }).KmsKeyId).toBeDefined();
    },
  );

  it('hands the configuration to the Normalize Lambda only, under the documented names', () => {
    const expected = toEnvironment(sm5.config);
    expect(Object.keys(expected).sort()).toEqual(Object.values(ENV).sort());
    for (const spec of WORKFLOW_FUNCTIONS) {
      const env = props(functionOf(spec.id).resource).Environment;
      const variables = isObject(env) && isObject(env.Variables) ? env.Variables : {};
      if (spec.readsConfig) expect(variables).toEqual(expected);
      else expect(Object.keys(variables).filter((name) => name.startsWith('SM5_'))).toEqual([]);
    }
    expect(WORKFLOW_FUNCTIONS.filter((spec) => spec.readsConfig).map((spec) => spec.id)).toEqual([
      'normalize',
    ]);
  });

  it('bundles, minified, the SDK clients each step uses and no other', () => {
    // The client's name is kept in every bundle (it labels its requests). STS is not listed: every SDK
    // client carries a nested STS client for its web-identity credentials.
    const clientsOf = (code: string) =>
      ['SageMakerClient', 'SecurityHubClient', 'SFNClient', 'DynamoDBClient'].filter((name) =>
        code.includes(name),
      );
    const expected: Record<FunctionId, string[]> = {
      normalize: [],
      plan: ['SageMakerClient'],
      'clone-model': ['SageMakerClient'],
      'create-endpoint-config': ['SageMakerClient'],
      'switch-endpoint': ['SageMakerClient'],
      'check-endpoint': ['SageMakerClient'],
      retire: ['SageMakerClient'],
      'record-outcome': ['SecurityHubClient'],
    };
    for (const spec of WORKFLOW_FUNCTIONS) {
      const code = props(functionOf(spec.id).resource).Code;
      const key = isObject(code) ? String(code.S3Key) : '';
      const bundle = join(outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
      const source = readFileSync(bundle, 'utf8');
      expect(clientsOf(source), spec.id).toEqual(expected[spec.id]);
      // Bundled, not imported from the runtime's copy of the SDK.
      const external = source.match(/from\s*["']@aws-sdk\/client-[\w-]+["']/g) ?? [];
      expect(external, spec.id).toEqual([]);
      // Only the schemas of the operations the step sends (infra/bundling/lambda-build.ts): none of these.
      const unused = ['BatchUpdateAutomationRules', 'AwsEc2InstanceDetails', 'CreateTrainingJob'];
      expect(
        unused.filter((name) => source.includes(name)),
        spec.id,
      ).toEqual([]);
      const averageLine = source.length / source.split('\n').length;
      expect(averageLine, `${spec.id} is minified`).toBeGreaterThan(1000);
    }
  });
});

const READ_PREFIXES = ['Describe', 'List', 'Get'];
function isRead(action: string): boolean {
  const name = action.split(':')[1] ?? '';
  return READ_PREFIXES.some((prefix) => name.startsWith(prefix));
}

/**
 * Write actions AWS authorises only against "*", each with why it is in the stack: the steps' own (List,
 * BatchUpdateFindings) and what the CDK grants the state machine for X-Ray and vended log delivery.
 */
const WRITE_ACTIONS_ON_STAR = new Set([
  ...UNSCOPABLE_ACTIONS,
  'xray:PutTraceSegments', // tracingEnabled: X-Ray has no resource-level permissions
  'xray:PutTelemetryRecords',
  'logs:CreateLogDelivery', // Step Functions logging: CloudWatch Logs vended delivery needs "*"
  'logs:UpdateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:PutResourcePolicy',
]);

function isServiceWide(resource: string): boolean {
  // "*", or an ARN whose resource part is only "*" (arn:aws:sagemaker:region:account:*).
  return resource === '*' || /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/.test(resource);
}

describe('IAM', () => {
  it('has identity statements to check (a guard against reading the template wrong)', () => {
    expect(statements.length).toBeGreaterThan(20);
    expect(statements.every((s) => s.effect === 'Allow')).toBe(true);
  });

  it('allows no wildcard action anywhere', () => {
    const wildcards = statements.flatMap((s) =>
      s.actions.filter((a) => a.includes('*')).map((a) => `${s.owner}: ${a}`),
    );
    expect(wildcards).toEqual([]);
  });

  it('allows write actions on a service-wide wildcard only where AWS offers nothing narrower', () => {
    const offenders = statements.flatMap((s) =>
      s.resources.some(isServiceWide)
        ? s.actions.filter((a) => !isRead(a) && !WRITE_ACTIONS_ON_STAR.has(a)).map((a) => `${s.owner}: ${a}`)
        : [],
    );
    expect(offenders).toEqual([]);
  });

  it.each(WORKFLOW_FUNCTIONS.map((spec) => [spec.id, spec] as const))(
    'gives %s its own role with exactly the permissions of its step',
    (id, spec) => {
      const own = stepStatements(id);
      expect(new Set(own.map((s) => s.owner)).size, 'one role, inline policies only').toBe(1);
      const expected = permissionsFor(spec, [ROLLBACK_ALARM]).map((p) => ({
        sid: p.sid,
        actions: [...p.actions].sort(),
        resources: p.resources.map((r) => fillArn(r, PSEUDO)).sort(),
      }));
      const actual = own
        .filter((s) => s.sid !== 'WriteOwnLogs')
        .map((s) => ({ sid: s.sid, actions: [...s.actions].sort(), resources: [...s.resources].sort() }));
      expect(actual).toEqual(expected);
      const logs = own.find((s) => s.sid === 'WriteOwnLogs');
      expect(logs?.actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    },
  );

  it('passes roles only to SageMaker, and only from the steps that create models and configs', () => {
    const passing = statements.filter((s) => s.actions.includes('iam:PassRole'));
    expect(passing.length).toBeGreaterThan(0);
    for (const s of passing) {
      expect(s.condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    }
    const owners = new Set(passing.flatMap((s) => s.roles));
    const allowed = new Set(
      (['clone-model', 'create-endpoint-config'] as const).map((id) =>
        roleOfFunction(functionOf(id).resource),
      ),
    );
    expect(owners).toEqual(allowed);
  });

  it('deletes models and configs only when they carry the superseded tag, and only from the retire step', () => {
    const deleting = statements.filter((s) => s.actions.some((a) => a.startsWith('sagemaker:Delete')));
    expect(deleting).toHaveLength(1);
    const [remove] = deleting;
    expect(remove?.actions.sort()).toEqual(['sagemaker:DeleteEndpointConfig', 'sagemaker:DeleteModel']);
    expect(remove?.condition).toEqual({ Null: { [`aws:ResourceTag/${TAG_SUPERSEDED_BY}`]: 'false' } });
    expect(remove?.roles).toEqual([roleOfFunction(functionOf('retire').resource)]);
  });

  it('lets only the retire step set the superseded tag', () => {
    const tagging = statements.filter((s) => s.actions.includes('sagemaker:AddTags'));
    const retireRole = roleOfFunction(functionOf('retire').resource);
    for (const s of tagging) {
      const keys = isObject(s.condition) ? s.condition : {};
      if (s.roles.includes(retireRole)) {
        expect(keys['ForAllValues:StringEquals']).toEqual({ 'aws:TagKeys': [TAG_SUPERSEDED_BY] });
      } else {
        expect(keys['ForAllValues:StringNotEquals']).toEqual({ 'aws:TagKeys': [TAG_SUPERSEDED_BY] });
      }
    }
    expect(tagging.map((s) => s.roles[0]).sort()).toEqual(
      (['clone-model', 'create-endpoint-config', 'retire'] as const)
        .map((id) => roleOfFunction(functionOf(id).resource))
        .sort(),
    );
  });

  it('creates models only with network isolation', () => {
    const creating = statements.filter((s) => s.actions.includes('sagemaker:CreateModel'));
    expect(creating).toHaveLength(1);
    expect(creating[0]?.condition).toEqual({ Bool: { 'sagemaker:NetworkIsolation': 'true' } });
  });

  it('lets the switch step read the configured rollback alarms, by name', () => {
    const reading = statements.filter((s) => s.actions.includes('cloudwatch:DescribeAlarms'));
    expect(reading).toHaveLength(1);
    expect(reading[0]?.resources).toEqual([
      `arn:\${AWS::Partition}:cloudwatch:\${AWS::Region}:\${AWS::AccountId}:alarm:${ROLLBACK_ALARM}`,
    ]);
    expect(reading[0]?.roles).toEqual([roleOfFunction(functionOf('switch-endpoint').resource)]);
  });

  it('uses no AWS managed policy', () => {
    const managed = ofType('AWS::IAM::Role').filter(
      ([, role]) => props(role).ManagedPolicyArns !== undefined,
    );
    expect(managed.map(([id]) => id)).toEqual([]);
  });
});

describe('the triggers', () => {
  function securityHubRules(): [string, JsonObject][] {
    return ofType('AWS::Events::Rule')
      .map(([id, rule]) => [id, props(rule)] as [string, JsonObject])
      .filter(
        ([, rule]) =>
          isObject(rule.EventPattern) && JSON.stringify(rule.EventPattern.source) === '["aws.securityhub"]',
      );
  }

  function patternOf(rule: JsonObject): JsonObject {
    if (!isObject(rule.EventPattern)) throw new Error('rule without pattern');
    return rule.EventPattern;
  }

  /**
   * The rule's pattern as deployed in `event`'s account and region: the stack's account and region, and the
   * action target's ARN as Security Hub would give it there.
   */
  function deployedPattern(rule: JsonObject, event: JsonObject): Json {
    const [actionId] = only('AWS::SecurityHub::ActionTarget');
    const text = JSON.stringify(patternOf(rule))
      .replace(
        JSON.stringify({ 'Fn::GetAtt': [actionId, 'ActionTargetArn'] }),
        JSON.stringify(customActionArn('aws', String(event.region), String(event.account))),
      )
      .replaceAll(JSON.stringify({ Ref: 'AWS::AccountId' }), JSON.stringify(String(event.account)))
      .replaceAll(JSON.stringify({ Ref: 'AWS::Region' }), JSON.stringify(String(event.region)));
    return JSON.parse(text);
  }

  it('deploys the domain patterns unchanged', () => {
    const [actionId] = only('AWS::SecurityHub::ActionTarget');
    const patterns = securityHubRules().map(([, rule]) => patternOf(rule));
    expect(patterns).toHaveLength(3);
    // The rules take the findings of the stack's own account and region (DeploymentScope).
    const deployment = { account: { Ref: 'AWS::AccountId' }, region: { Ref: 'AWS::Region' } };
    const inDeployment = (pattern: unknown) =>
      JSON.parse(
        JSON.stringify(pattern)
          .replaceAll('"ACCOUNT"', JSON.stringify(deployment.account))
          .replaceAll('"REGION"', JSON.stringify(deployment.region)),
      );
    const scope = { account: 'ACCOUNT', region: 'REGION' };
    expect(patterns).toContainEqual(inDeployment(asffImportedPattern(scope)));
    expect(patterns).toContainEqual(inDeployment(ocsfImportedPattern(scope)));
    expect(patterns).toContainEqual({
      source: ['aws.securityhub'],
      'detail-type': ['Security Hub Findings - Custom Action'],
      resources: [{ 'Fn::GetAtt': [actionId, 'ActionTargetArn'] }],
    });
  });

  it('checks every fixture event in test/fixtures/events', () => {
    const files = readdirSync(join(PROJECT_ROOT, 'test', 'fixtures', 'events')).map((f) =>
      f.replace(/\.json$/, ''),
    );
    expect(files.sort()).toEqual([...EVENT_FIXTURES].sort());
  });

  /** The detail-type of the one rule each fixture must match; negatives match none. */
  const expectedRule: Record<EventFixture, string[]> = {
    'asff-imported-consolidated': ['Security Hub Findings - Imported'],
    'asff-imported-legacy': ['Security Hub Findings - Imported'],
    'custom-action': ['Security Hub Findings - Custom Action'],
    'ocsf-imported-v2': ['Findings Imported V2'],
    'negative-asff-archived': [],
    'negative-asff-other-control': [],
    'negative-asff-passed': [],
    'negative-asff-suppressed': [],
  };

  it.each(EVENT_FIXTURES.map((name) => [name, expectedRule[name]] as const))(
    '%s is matched by exactly the rules %j',
    (name, detailTypes) => {
      const event = loadEvent(name);
      const matching = securityHubRules()
        .filter(([, rule]) => matchesPattern(deployedPattern(rule, event), event))
        .map(([, rule]) => patternOf(rule)['detail-type'])
        .map((types) => (Array.isArray(types) ? render(types[0]) : ''));
      expect(matching).toEqual(detailTypes);
    },
  );

  it('keeps another custom action out', () => {
    const event = {
      ...loadEvent('custom-action'),
      resources: ['arn:aws:securityhub:us-east-1:111122223333:action/custom/Other'],
    };
    const matching = securityHubRules().filter(([, rule]) =>
      matchesPattern(deployedPattern(rule, event), event),
    );
    expect(matching).toEqual([]);
  });

  it('creates the custom action with a name under 20 characters', () => {
    const action = props(only('AWS::SecurityHub::ActionTarget')[1]);
    expect(action).toMatchObject({ Id: CUSTOM_ACTION_ID, Name: CUSTOM_ACTION_NAME });
    expect(String(action.Name).length).toBeLessThan(20);
  });

  it('retries every target and dead-letters what it cannot deliver to an encrypted, TLS-only queue', () => {
    const [queueId, queue] = only('AWS::SQS::Queue');
    const targets = ofType('AWS::Events::Rule').flatMap(([, rule]) => {
      const list = props(rule).Targets;
      return Array.isArray(list) ? list.filter(isObject) : [];
    });
    expect(targets).toHaveLength(4);
    for (const target of targets) {
      expect(target.RetryPolicy).toEqual({ MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 6 * 3600 });
      expect(target.DeadLetterConfig).toEqual({ Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } });
    }
    expect(props(queue).SqsManagedSseEnabled).toBe(true);
    const policy = props(only('AWS::SQS::QueuePolicy')[1]).PolicyDocument;
    expect(JSON.stringify(policy)).toContain('"aws:SecureTransport":"false"');
  });
});

describe('the lock table', () => {
  it('is on demand, keyed by pk, expires locks by TTL, encrypted, with point-in-time recovery', () => {
    const table = props(only('AWS::DynamoDB::Table')[1]);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(table.AttributeDefinitions).toEqual([{ AttributeName: 'pk', AttributeType: 'S' }]);
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    expect(table.SSESpecification).toEqual({ SSEEnabled: true });
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });
});

describe('notifications', () => {
  it('uses a KMS-encrypted, TLS-only topic with the configured email subscribed', () => {
    const [topicId, topic] = only('AWS::SNS::Topic');
    expect(props(topic).KmsMasterKeyId).toBeDefined();
    expect(JSON.stringify(props(only('AWS::SNS::TopicPolicy')[1]).PolicyDocument)).toContain(
      '"aws:SecureTransport":"false"',
    );
    expect(props(only('AWS::SNS::Subscription')[1])).toMatchObject({
      Protocol: 'email',
      Endpoint: 'secops@example.com',
      TopicArn: { Ref: topicId },
    });
  });

  it('raises an alarm on failed, timed-out or aborted executions, sent to the topic', () => {
    const [topicId] = only('AWS::SNS::Topic');
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => props(alarm));
    const runs = alarms.find((alarm) => JSON.stringify(alarm.Metrics ?? null).includes('ExecutionsFailed'));
    const metrics = JSON.stringify(runs?.Metrics ?? null);
    for (const name of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted'])
      expect(metrics).toContain(name);
    expect(runs).toMatchObject({ Threshold: 1, AlarmActions: [{ Ref: topicId }] });
    const undelivered = alarms.find((alarm) => alarm.MetricName === 'ApproximateNumberOfMessagesVisible');
    expect(undelivered).toMatchObject({ AlarmActions: [{ Ref: topicId }] });
  });
});

describe('the outputs', () => {
  it('give the state machine, custom action, topic and lock table', () => {
    const [machineId] = only('AWS::StepFunctions::StateMachine');
    const [actionId] = only('AWS::SecurityHub::ActionTarget');
    const [topicId] = only('AWS::SNS::Topic');
    const [tableId] = only('AWS::DynamoDB::Table');
    const values = Object.fromEntries(Object.entries(outputs).map(([name, output]) => [name, output.Value]));
    expect(values).toEqual({
      StateMachineArn: { Ref: machineId },
      CustomActionArn: { 'Fn::GetAtt': [actionId, 'ActionTargetArn'] },
      NotificationTopicArn: { Ref: topicId },
      LockTableName: { Ref: tableId },
    });
  });
});

describe('cdk-nag', () => {
  it('passes the whole app (the synth would have thrown otherwise)', () => {
    expect(() => sm5.app.synth()).not.toThrow();
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    expect(JSON.stringify(report)).not.toMatch(/"status":\s*"failure"/);
  });

  it('acknowledges each finding with a reason of one sentence', () => {
    const acknowledgements = sm5.stack.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(isObject(m.data) ? m.data : {}));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [rule, reason] of acknowledgements) {
      expect(rule).toMatch(/AwsSolutions-/);
      expect(typeof reason === 'string' && reason.length > 20, rule).toBe(true);
      expect(String(reason), rule).toMatch(/^[^\n]+[.]$/);
      expect(String(reason), rule).not.toMatch(/\.\s+[A-Z]/);
    }
  });
});
