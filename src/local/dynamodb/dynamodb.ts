/**
 * DynamoDB in the sandbox: dynalite (in memory) on its own loopback port, reached through the sandbox's
 * single port by forwarding every `DynamoDB_20120810.*` request to it unchanged, so that AWS_ENDPOINT_URL
 * covers DynamoDB and the sandbox's faults and request log apply to it like to any other service.
 */
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import {
  awsJsonError,
  type SandboxRequest,
  type SandboxResponse,
  type SandboxService,
  ServiceError,
} from '../service.ts';

const TARGET_PREFIX = 'DynamoDB_20120810.';
// Hop-by-hop and length headers are the proxy's own business.
const NOT_FORWARDED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);
const RETURNED = ['content-type', 'x-amzn-requestid', 'x-amz-crc32'];

export interface DynamoDbBackend {
  readonly service: SandboxService;
  /** Creates the table unless it exists (any definition), and waits until it is ACTIVE. */
  ensureTable(input: CreateTableCommandInput): Promise<void>;
  stop(): Promise<void>;
}

export async function startDynamoDb(): Promise<DynamoDbBackend> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address: AddressInfo | string | null = server.address();
      if (address === null || typeof address === 'string') reject(new Error('dynalite has no TCP address'));
      else resolve(address.port);
    });
  });
  // Talks to dynalite directly: seeding is set-up, not traffic the faults or the request log should see.
  const admin = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: 'us-east-1',
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });

  return {
    service: {
      name: 'dynamodb',
      matches: (req) => req.target?.startsWith(TARGET_PREFIX) === true,
      operationOf: (req) => (req.target ?? '').slice(TARGET_PREFIX.length),
      handle: (req) => forward(port, req),
      renderError: (error) => awsJsonError(error.status, error.code, error.message, '1.0'),
      throttlingError: () =>
        new ServiceError(
          'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
          'The level of configured provisioned throughput for the table was exceeded. ' +
            'Consider increasing your provisioning level with the UpdateTable API.',
        ),
    },
    ensureTable: async (input) => {
      try {
        await admin.send(new CreateTableCommand(input));
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
      }
      await waitUntilActive(admin, input.TableName ?? '');
    },
    stop: async () => {
      admin.destroy();
      await new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`DynamoDB table ${tableName} did not become ACTIVE`);
}

function forward(port: number, req: SandboxRequest): Promise<SandboxResponse> {
  const body = Buffer.from(req.body, 'utf8');
  const headers: Record<string, string> = { 'content-length': String(body.length) };
  for (const [name, value] of Object.entries(req.headers)) {
    if (!NOT_FORWARDED.has(name)) headers[name] = value;
  }
  return new Promise((resolve, reject) => {
    // No keep-alive agent: an idle pooled socket would hold dynalite's close() open.
    const outgoing = httpRequest(
      { host: '127.0.0.1', port, method: req.method, path: req.path, headers, agent: false },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const returned: Record<string, string> = {};
          for (const name of RETURNED) {
            const value = response.headers[name];
            if (typeof value === 'string') returned[name] = value;
          }
          resolve({
            status: response.statusCode ?? 500,
            headers: returned,
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
