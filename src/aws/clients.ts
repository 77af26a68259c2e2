/**
 * SDK clients for the CLI and the sandbox, built from the global options (`--region`, `--profile`,
 * `--endpoint-url`) plus the retry settings each command wants. Lambdas build their clients directly.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SageMakerClient, type SageMakerClientConfig } from '@aws-sdk/client-sagemaker';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { SFNClient } from '@aws-sdk/client-sfn';
import { STSClient } from '@aws-sdk/client-sts';
import { InvalidInputError } from '../domain/errors.ts';
import { NonEmptyString } from '../domain/names.ts';
import * as z from '../domain/zod.ts';

export const ClientSettings = z.strictObject({
  region: z.optional(NonEmptyString),
  /** A full URL, e.g. the sandbox's `http://127.0.0.1:4566`; every service is sent there. */
  endpoint: z.optional(z.url()),
  /** A profile of ~/.aws/config; the SDK resolves it itself (no @aws-sdk/credential-providers needed). */
  profile: z.optional(NonEmptyString),
  /** Attempts per call, including the first. */
  maxAttempts: z.optional(z.int().check(z.gte(1), z.lte(20))),
  /**
   * `adaptive` adds a client-side rate limiter that slows down when throttled: what `sm5 audit` wants
   * when it fans out many calls against a per-operation rate limit.
   */
  retryMode: z.optional(z.enum(['standard', 'adaptive'])),
});

export type ClientOptions = z.infer<typeof ClientSettings> & {
  /** Explicit credentials (the sandbox's fixed keys); otherwise the SDK's default chain, with `profile`. */
  credentials?: SageMakerClientConfig['credentials'];
};

// One config shape serves every client: only the members that were given, so the SDK's own defaults and
// environment lookups (AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL) still apply to the rest.
function clientConfig(options: ClientOptions) {
  const { credentials, ...rest } = options;
  const parsed = ClientSettings.safeParse(rest);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'client options';
    throw new InvalidInputError(`${field}: ${issue?.message ?? 'invalid'}`);
  }
  const settings = parsed.data;
  return {
    ...(settings.region === undefined ? {} : { region: settings.region }),
    ...(settings.endpoint === undefined ? {} : { endpoint: settings.endpoint }),
    ...(settings.profile === undefined ? {} : { profile: settings.profile }),
    ...(settings.maxAttempts === undefined ? {} : { maxAttempts: settings.maxAttempts }),
    ...(settings.retryMode === undefined ? {} : { retryMode: settings.retryMode }),
    ...(credentials === undefined ? {} : { credentials }),
  };
}

export function makeSageMakerClient(options: ClientOptions = {}): SageMakerClient {
  return new SageMakerClient(clientConfig(options));
}

export function makeSecurityHubClient(options: ClientOptions = {}): SecurityHubClient {
  return new SecurityHubClient(clientConfig(options));
}

export function makeSfnClient(options: ClientOptions = {}): SFNClient {
  return new SFNClient(clientConfig(options));
}

export function makeDynamoDbClient(options: ClientOptions = {}): DynamoDBClient {
  return new DynamoDBClient(clientConfig(options));
}

export function makeStsClient(options: ClientOptions = {}): STSClient {
  return new STSClient(clientConfig(options));
}
