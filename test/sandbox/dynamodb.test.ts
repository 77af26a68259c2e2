import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Sandbox } from '../../src/local/sandbox.ts';
import { sandbox } from './helpers.ts';

function dynamoClient(sb: Sandbox): DynamoDBClient {
  return new DynamoDBClient({ ...sb.clientConfig(), maxAttempts: 1 });
}

const LOCKS = {
  TableName: 'locks',
  KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
  BillingMode: 'PAY_PER_REQUEST' as const,
};

describe('DynamoDB on the sandbox port', () => {
  it('creates a table, puts an item and reads it back through the SDK', async () => {
    // Prepare
    const sb = await sandbox();
    const dynamodb = dynamoClient(sb);

    // Act
    const created = await dynamodb.send(new CreateTableCommand(LOCKS));
    await dynamodb.send(
      new PutItemCommand({ TableName: 'locks', Item: { pk: { S: 'model/a' }, ttl: { N: '60' } } }),
    );
    const { Item } = await dynamodb.send(
      new GetItemCommand({ TableName: 'locks', Key: { pk: { S: 'model/a' } } }),
    );

    // Assess
    expect(created.TableDescription?.TableName).toBe('locks');
    expect(Item).toEqual({ pk: { S: 'model/a' }, ttl: { N: '60' } });
    expect(sb.requestLog.map((entry) => [entry.service, entry.operation, entry.status])).toEqual([
      ['dynamodb', 'CreateTable', 200],
      ['dynamodb', 'PutItem', 200],
      ['dynamodb', 'GetItem', 200],
    ]);
  });

  it('answers a failed condition with ConditionalCheckFailedException', async () => {
    // Prepare
    const sb = await sandbox();
    await sb.dynamodb.ensureTable(LOCKS);
    const dynamodb = dynamoClient(sb);
    const put = () =>
      dynamodb.send(
        new PutItemCommand({
          TableName: 'locks',
          Item: { pk: { S: 'model/a' } },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    await put();

    // Act
    const second = await put().then(
      () => undefined,
      (error: unknown) => error,
    );

    // Assess
    expect(second).toBeInstanceOf(ConditionalCheckFailedException);
  });

  it('ensureTable creates a table once and leaves an existing one alone', async () => {
    // Prepare
    const sb = await sandbox();
    await sb.dynamodb.ensureTable(LOCKS);
    await dynamoClient(sb).send(new PutItemCommand({ TableName: 'locks', Item: { pk: { S: 'kept' } } }));

    // Act
    await sb.dynamodb.ensureTable(LOCKS);
    const tables = await dynamoClient(sb).send(new ListTablesCommand({}));
    const { Item } = await dynamoClient(sb).send(
      new GetItemCommand({ TableName: 'locks', Key: { pk: { S: 'kept' } } }),
    );

    // Assess
    expect(tables.TableNames).toEqual(['locks']);
    expect(Item).toEqual({ pk: { S: 'kept' } });
  });

  it('keeps each sandbox’s tables to itself', async () => {
    // Prepare
    const first = await sandbox();
    const second = await sandbox();
    await first.dynamodb.ensureTable(LOCKS);

    // Act
    const tables = await dynamoClient(second).send(new ListTablesCommand({}));

    // Assess
    expect(tables.TableNames).toEqual([]);
  });

  it('throttles DynamoDB like any service when a rate limit fault is set', async () => {
    // Prepare
    const sb = await sandbox();
    await sb.dynamodb.ensureTable(LOCKS);
    // One call in the bucket, and it refills far too slowly for a second one.
    sb.faults.setRateLimit({ service: 'dynamodb', operation: 'GetItem' }, 0.001, 1);
    const get = () =>
      dynamoClient(sb).send(new GetItemCommand({ TableName: 'locks', Key: { pk: { S: 'x' } } }));
    await get();

    // Act
    const error = await get().then(
      () => undefined,
      (e: unknown) => e,
    );

    // Assess
    expect(error).toMatchObject({ name: 'ProvisionedThroughputExceededException' });
  });
});
