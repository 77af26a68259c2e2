/**
 * The optimized DynamoDB integration (`arn:aws:states:::dynamodb:putItem|getItem|deleteItem|updateItem`):
 * a real DynamoDB call against the sandbox, answered in the shape Step Functions returns (the API response
 * plus `SdkHttpMetadata` / `SdkResponseMetadata`), failing with Step Functions' names for DynamoDB errors:
 * `DynamoDB.<Code>` for the modeled exceptions, `DynamoDB.AmazonDynamoDBException` for the rest
 * (validation errors included).
 */
import {
  type AttributeValue,
  DeleteItemCommand,
  type DynamoDBClient,
  DynamoDBServiceException,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import * as z from 'zod';
import { type JsonValue, parseJson } from '../json.ts';
import type { DynamoDbAction } from '../resources.ts';
import { sdkMetadata } from './sdk-metadata.ts';
import { TaskError } from './task-error.ts';

const Bytes = z.base64().transform((text) => Uint8Array.from(Buffer.from(text, 'base64')));

const AttributeValueSchema: z.ZodType<AttributeValue> = z.lazy(() =>
  z.union([
    z.strictObject({ S: z.string() }),
    z.strictObject({ N: z.string() }),
    z.strictObject({ B: Bytes }),
    z.strictObject({ SS: z.array(z.string()) }),
    z.strictObject({ NS: z.array(z.string()) }),
    z.strictObject({ BS: z.array(Bytes) }),
    z.strictObject({ M: z.record(z.string(), AttributeValueSchema) }),
    z.strictObject({ L: z.array(AttributeValueSchema) }),
    z.strictObject({ NULL: z.boolean() }),
    z.strictObject({ BOOL: z.boolean() }),
  ]),
);

const AttributeMap = z.record(z.string(), AttributeValueSchema);
const Conditional = {
  TableName: z.string().min(3).max(255),
  ConditionExpression: z.string().optional(),
  ExpressionAttributeNames: z.record(z.string(), z.string()).optional(),
  ExpressionAttributeValues: AttributeMap.optional(),
  ReturnConsumedCapacity: z.enum(['INDEXES', 'TOTAL', 'NONE']).optional(),
  ReturnItemCollectionMetrics: z.enum(['SIZE', 'NONE']).optional(),
};

const PutItemParameters = z.strictObject({
  ...Conditional,
  Item: AttributeMap,
  ReturnValues: z.enum(['NONE', 'ALL_OLD']).optional(),
});
const DeleteItemParameters = z.strictObject({
  ...Conditional,
  Key: AttributeMap,
  ReturnValues: z.enum(['NONE', 'ALL_OLD']).optional(),
});
const UpdateItemParameters = z.strictObject({
  ...Conditional,
  Key: AttributeMap,
  UpdateExpression: z.string().optional(),
  ReturnValues: z.enum(['NONE', 'ALL_OLD', 'UPDATED_OLD', 'ALL_NEW', 'UPDATED_NEW']).optional(),
});
const GetItemParameters = z.strictObject({
  TableName: z.string().min(3).max(255),
  Key: AttributeMap,
  ConsistentRead: z.boolean().optional(),
  ProjectionExpression: z.string().optional(),
  ExpressionAttributeNames: z.record(z.string(), z.string()).optional(),
  ReturnConsumedCapacity: z.enum(['INDEXES', 'TOTAL', 'NONE']).optional(),
});

// The exceptions DynamoDB models for item operations; Step Functions names these `DynamoDB.<Code>`.
const MODELED_ERRORS: ReadonlySet<string> = new Set([
  'ConditionalCheckFailedException',
  'ProvisionedThroughputExceededException',
  'ResourceNotFoundException',
  'ItemCollectionSizeLimitExceededException',
  'TransactionConflictException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ReplicatedWriteConflictException',
]);

export async function callDynamoDb(
  client: DynamoDBClient,
  action: DynamoDbAction,
  parameters: JsonValue,
): Promise<JsonValue> {
  try {
    const output = await send(client, action, parameters);
    const { $metadata, ...response } = output;
    const requestId = $metadata.requestId ?? '';
    const result = { ...response, ...sdkMetadata(requestId, $metadata.httpStatusCode ?? 200) };
    // Binary attributes travel as base64 text in task results, as on the DynamoDB wire.
    return parseJson(
      JSON.stringify(result, (_key, value) => (value instanceof Uint8Array ? base64(value) : value)),
    );
  } catch (error) {
    throw asTaskError(error);
  }
}

function send(client: DynamoDBClient, action: DynamoDbAction, parameters: JsonValue) {
  switch (action) {
    case 'putItem':
      return client.send(new PutItemCommand(parse(PutItemParameters, parameters)));
    case 'getItem':
      return client.send(new GetItemCommand(parse(GetItemParameters, parameters)));
    case 'deleteItem':
      return client.send(new DeleteItemCommand(parse(DeleteItemParameters, parameters)));
    case 'updateItem':
      return client.send(new UpdateItemCommand(parse(UpdateItemParameters, parameters)));
  }
}

class InvalidParameters extends Error {
  override readonly name = 'InvalidParameters' as const;
}

function parse<T>(schema: z.ZodType<T>, parameters: JsonValue): T {
  const result = schema.safeParse(parameters);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.join('.') || '(parameters)'}: ${issue.message}`,
  );
  throw new InvalidParameters(`${problems.length} validation error(s) detected: ${problems.join('; ')}`);
}

function asTaskError(error: unknown): TaskError {
  if (error instanceof InvalidParameters) {
    return new TaskError(
      'DynamoDB.AmazonDynamoDBException',
      javaStyleCause(error.message, 400, 'ValidationException', ''),
    );
  }
  if (error instanceof DynamoDBServiceException) {
    const code = error.name;
    const name = MODELED_ERRORS.has(code) ? `DynamoDB.${code}` : 'DynamoDB.AmazonDynamoDBException';
    const status = error.$metadata.httpStatusCode ?? 400;
    return new TaskError(name, javaStyleCause(error.message, status, code, error.$metadata.requestId ?? ''));
  }
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError('DynamoDB.SdkClientException', message);
}

// Step Functions calls DynamoDB with the AWS SDK for Java and reports its exception text.
function javaStyleCause(message: string, status: number, code: string, requestId: string): string {
  return `${message} (Service: AmazonDynamoDBv2; Status Code: ${status}; Error Code: ${code}; Request ID: ${requestId}; Proxy: null)`;
}

function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}
