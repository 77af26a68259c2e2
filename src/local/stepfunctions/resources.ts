/**
 * The Task `Resource` forms the sandbox runs, and what each one is in the real service's history: direct
 * Lambda ARNs log `LambdaFunction*` events, optimized integrations log `Task*` events with a resource type.
 */
export const DYNAMODB_ACTIONS = ['putItem', 'getItem', 'deleteItem', 'updateItem'] as const;
export type DynamoDbAction = (typeof DYNAMODB_ACTIONS)[number];

export type TaskResource =
  | { readonly kind: 'lambda'; readonly functionArn: string }
  | { readonly kind: 'lambda-invoke'; readonly waitForTaskToken: boolean }
  | { readonly kind: 'dynamodb'; readonly action: DynamoDbAction }
  | { readonly kind: 'sns-publish'; readonly waitForTaskToken: boolean }
  | { readonly kind: 'sdk'; readonly service: SdkService; readonly action: string };

/** The AWS SDK integrations the sandbox runs (`arn:aws:states:::aws-sdk:<service>:<action>`), by service. */
export const SDK_ACTIONS = { sfn: ['describeExecution'] } as const;
export type SdkService = keyof typeof SDK_ACTIONS;

export const SUPPORTED_RESOURCES = [
  'Lambda function ARNs (arn:aws:lambda:<region>:<account>:function:<name>)',
  'arn:aws:states:::lambda:invoke[.waitForTaskToken]',
  `arn:aws:states:::dynamodb:${DYNAMODB_ACTIONS.join('|')}`,
  'arn:aws:states:::sns:publish[.waitForTaskToken]',
  ...Object.entries(SDK_ACTIONS).flatMap(([service, actions]) =>
    actions.map((action) => `arn:aws:states:::aws-sdk:${service}:${action}`),
  ),
].join(', ');

const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;
const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(\.waitForTaskToken)?$/;
const SDK_INTEGRATION = /^arn:aws[a-z-]*:states:::aws-sdk:([a-z0-9]+):([A-Za-z]+)$/;

/** `undefined` when the sandbox does not run this resource. */
export function parseTaskResource(resource: string): TaskResource | undefined {
  if (LAMBDA_FUNCTION_ARN.test(resource)) return { kind: 'lambda', functionArn: resource };
  const sdk = SDK_INTEGRATION.exec(resource);
  if (sdk !== null) return sdkResource(sdk[1] ?? '', sdk[2] ?? '');
  const match = INTEGRATION.exec(resource);
  if (match === null) return undefined;
  const [, service, action, wait] = match;
  const waitForTaskToken = wait !== undefined;
  if (service === 'lambda' && action === 'invoke') return { kind: 'lambda-invoke', waitForTaskToken };
  if (service === 'sns' && action === 'publish') return { kind: 'sns-publish', waitForTaskToken };
  if (service === 'dynamodb' && !waitForTaskToken) {
    const dynamoAction = DYNAMODB_ACTIONS.find((known) => known === action);
    if (dynamoAction !== undefined) return { kind: 'dynamodb', action: dynamoAction };
  }
  return undefined;
}

function isSdkService(service: string): service is SdkService {
  return Object.hasOwn(SDK_ACTIONS, service);
}

function sdkResource(service: string, action: string): TaskResource | undefined {
  if (!isSdkService(service)) return undefined;
  const known: readonly string[] = SDK_ACTIONS[service];
  return known.includes(action) ? { kind: 'sdk', service, action } : undefined;
}

/** `resourceType` / `resource` as the real service writes them in `Task*` history events. */
export function integrationName(resource: TaskResource): { resourceType: string; resource: string } {
  switch (resource.kind) {
    case 'lambda':
      return { resourceType: 'lambda', resource: resource.functionArn };
    case 'lambda-invoke':
      return {
        resourceType: 'lambda',
        resource: resource.waitForTaskToken ? 'invoke.waitForTaskToken' : 'invoke',
      };
    case 'dynamodb':
      return { resourceType: 'dynamodb', resource: resource.action };
    case 'sns-publish':
      return {
        resourceType: 'sns',
        resource: resource.waitForTaskToken ? 'publish.waitForTaskToken' : 'publish',
      };
    case 'sdk':
      return { resourceType: `aws-sdk:${resource.service}`, resource: resource.action };
  }
}

export function waitsForTaskToken(resource: TaskResource): boolean {
  return (resource.kind === 'lambda-invoke' || resource.kind === 'sns-publish') && resource.waitForTaskToken;
}
