import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient } from '@aws-sdk/client-sagemaker';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import {
  type ClientOptions,
  makeDynamoDbClient,
  makeSageMakerClient,
  makeSecurityHubClient,
  makeSfnClient,
  makeStsClient,
} from '../../../src/aws/clients.ts';
import { InvalidInputError } from '../../../src/domain/errors.ts';

const sandbox: ClientOptions = {
  region: 'eu-west-1',
  endpoint: 'http://127.0.0.1:4566',
  profile: 'audit',
  maxAttempts: 8,
  retryMode: 'adaptive',
  credentials: { accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'secret' },
};

describe('client factories', () => {
  it.each([
    ['SageMaker', makeSageMakerClient, SageMakerClient],
    ['Security Hub', makeSecurityHubClient, SecurityHubClient],
    ['Step Functions', makeSfnClient, SFNClient],
    ['DynamoDB', makeDynamoDbClient, DynamoDBClient],
    ['STS', makeStsClient, STSClient],
  ] as const)(
    '%s gets region, endpoint, profile, credentials and retry settings',
    async (_label, make, Client) => {
      // Act
      const client = make(sandbox);

      // Assess
      expect(client).toBeInstanceOf(Client);
      const config = client.config;
      expect(await config.region()).toBe('eu-west-1');
      expect(await config.endpoint?.()).toMatchObject({
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4566,
      });
      expect(config.profile).toBe('audit');
      expect(await config.maxAttempts()).toBe(8);
      expect(await config.retryStrategy()).toHaveProperty('mode', 'adaptive');
      expect(await config.credentials()).toMatchObject({ accessKeyId: 'AKIDSANDBOX' });
    },
  );

  it('leaves what was not given to the SDK defaults (standard retries, 3 attempts)', async () => {
    // Act
    const client = makeSageMakerClient({ region: 'us-east-1' });

    // Assess
    expect(await client.config.retryStrategy()).toHaveProperty('mode', 'standard');
    expect(await client.config.maxAttempts()).toBe(3);
    expect(client.config.profile).toBeUndefined();
    expect(client.config.endpoint).toBeUndefined();
  });

  it.each<[string, ClientOptions]>([
    ['an unknown retry mode', { retryMode: 'fast' as 'standard' }],
    ['an endpoint that is not a URL', { endpoint: 'localhost 4566' }],
    ['zero attempts', { maxAttempts: 0 }],
    ['a fractional attempt count', { maxAttempts: 2.5 }],
    ['an empty profile', { profile: '' }],
  ])('rejects %s with InvalidInputError naming the field', (_label, options) => {
    // Act / Assess
    expect(() => makeSageMakerClient(options)).toThrow(InvalidInputError);
    expect(() => makeSageMakerClient(options)).toThrow(new RegExp(`^${Object.keys(options)[0]}: `));
  });
});
