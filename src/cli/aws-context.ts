import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  type ClientOptions,
  makeSageMakerClient,
  makeSecurityHubClient,
  makeSfnClient,
  makeStsClient,
} from '../aws/clients.ts';
import { toDomainError } from '../aws/errors.ts';
import { sagemakerGateway } from '../aws/sagemaker.ts';
import { securityHubGateway } from '../aws/securityhub.ts';
import { CliError } from './cli-error.ts';
import type { GlobalOptions } from './program.ts';

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** The clients a command needs, built once from the global options; identity is looked up on demand. */
export function awsContext(options: GlobalOptions, retryMode: 'standard' | 'adaptive' = 'standard') {
  const settings: ClientOptions = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
    // Adaptive mode rate-limits on the client side once throttled, so wide fan-outs stay within quotas.
    retryMode,
    maxAttempts: retryMode === 'adaptive' ? 10 : 5,
  };
  const sagemakerClient = makeSageMakerClient(settings);
  const stsClient = makeStsClient(settings);
  let identity: Promise<CallerIdentity> | undefined;
  return {
    sagemaker: sagemakerGateway(sagemakerClient),
    securityHub: securityHubGateway(makeSecurityHubClient(settings)),
    sfn: makeSfnClient(settings),
    async region(): Promise<string> {
      const region = await sagemakerClient.config.region().catch(() => undefined);
      if (!region) throw new CliError('no AWS region: pass --region or set AWS_REGION');
      return region;
    },
    identity(): Promise<CallerIdentity> {
      identity ??= stsClient.send(new GetCallerIdentityCommand({})).then(
        (answer) => ({ account: answer.Account ?? '', arn: answer.Arn ?? '' }),
        (error: unknown) => {
          throw toDomainError(error, { operation: 'GetCallerIdentity' });
        },
      );
      return identity;
    },
  };
}

export type AwsContext = ReturnType<typeof awsContext>;
