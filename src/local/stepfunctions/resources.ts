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
  | { readonly kind: 'sns-publish'; readonly waitForTaskToken: boolean };

export const SUPPORTED_RESOURCES = [
  'Lambda function ARNs (arn:aws:lambda:<region>:<account>:function:<name>)',
  'arn:aws:states:::lambda:invoke[.waitForTaskToken]',
  `arn:aws:states:::dynamodb:${DYNAMODB_ACTIONS.join('|')}`,
  'arn:aws:states:::sns:publish[.waitForTaskToken]',
].join(', ');

const LAMBDA_FUNCTION_ARN =
  /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;
const INTEGRATION = /^arn:aws[a-z-]*:states:::([a-z0-9-]+):([A-Za-z]+)(\.waitForTaskToken)?$/;

/** `undefined` when the sandbox does not run this resource. */
export function parseTaskResource(resource: string): TaskResource | undefined {
  if (LAMBDA_FUNCTION_ARN.test(resource)) return { kind: 'lambda', functionArn: resource };
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
  }
}

export function waitsForTaskToken(resource: TaskResource): boolean {
  return (resource.kind === 'lambda-invoke' || resource.kind === 'sns-publish') && resource.waitForTaskToken;
}
