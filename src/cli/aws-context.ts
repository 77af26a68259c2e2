import { ListModelsCommand } from '@aws-sdk/client-sagemaker';
import { GetFindingsCommand } from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  type ClientOptions,
  makeSageMakerClient,
  makeSecurityHubClient,
  makeSfnClient,
  makeStsClient,
} from '../aws/clients.ts';
import { toDomainError } from '../aws/errors.ts';
import { PAGE_SIZE, sagemakerGateway } from '../aws/sagemaker.ts';
import { securityHubGateway } from '../aws/securityhub.ts';
import type { AuditSageMakerPort } from '../domain/audit/index.ts';
import type { FindingRef } from '../domain/request.ts';
import { CliError } from './cli-error.ts';
import type { GlobalOptions } from './program.ts';

export interface CallerIdentity {
  account: string;
  arn: string;
}

/** An active SageMaker.5 finding on a model, as GetFindings returns it. */
export interface ModelFinding {
  ref: Extract<FindingRef, { api: 'asff' }>;
  workflowStatus: string | null;
}

const SAGEMAKER_5 = 'SageMaker.5';

/** The clients a command needs, built once from the global options; identity is looked up on demand. */
export function awsContext(options: GlobalOptions, retryMode: 'standard' | 'adaptive' = 'standard') {
  const base: ClientOptions = {
    ...(options.region === undefined ? {} : { region: options.region }),
    ...(options.profile === undefined ? {} : { profile: options.profile }),
    ...(options.endpointUrl === undefined ? {} : { endpoint: options.endpointUrl }),
  };
  const settings: ClientOptions = {
    ...base,
    // Adaptive mode rate-limits on the client side once throttled, so wide fan-outs stay within quotas.
    retryMode,
    maxAttempts: retryMode === 'adaptive' ? 10 : 5,
  };
  const sagemakerClient = makeSageMakerClient(settings);
  const securityHubClient = makeSecurityHubClient(settings);
  const stsClient = makeStsClient(settings);
  let identity: Promise<CallerIdentity> | undefined;
  return {
    sagemakerClient,
    sagemaker: sagemakerGateway(sagemakerClient),
    securityHub: securityHubGateway(securityHubClient),
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

    /**
     * SageMaker for `sm5 audit`: one attempt per request, because the audit's own per-operation governor
     * paces and retries (the SDK's retries would hide throttles from it), and ListModels page by page.
     */
    auditSageMaker(): AuditSageMakerPort {
      const client = makeSageMakerClient({ ...base, maxAttempts: 1 });
      return {
        ...sagemakerGateway(client),
        listModelsPage: async (nextToken) => {
          try {
            const page = await client.send(
              new ListModelsCommand({
                MaxResults: PAGE_SIZE,
                ...(nextToken === undefined ? {} : { NextToken: nextToken }),
              }),
            );
            return { models: page.Models ?? [], nextToken: page.NextToken || undefined };
          } catch (e) {
            throw toDomainError(e, { operation: 'ListModels' });
          }
        },
      };
    },

    /**
     * The model's active SageMaker.5 findings (GetFindings: ResourceId, control id, RecordState ACTIVE),
     * consolidated control findings first. ARNs carry model names lowercased, so both spellings are asked for.
     */
    async sageMaker5Findings(modelArns: readonly string[]): Promise<ModelFinding[]> {
      const ids = [...new Set(modelArns.flatMap((arn) => [arn, arn.toLowerCase()]))];
      const found: ModelFinding[] = [];
      let nextToken: string | undefined;
      try {
        do {
          const page = await securityHubClient.send(
            new GetFindingsCommand({
              Filters: {
                ResourceId: ids.map((Value) => ({ Value, Comparison: 'EQUALS' })),
                ComplianceSecurityControlId: [{ Value: SAGEMAKER_5, Comparison: 'EQUALS' }],
                RecordState: [{ Value: 'ACTIVE', Comparison: 'EQUALS' }],
              },
              MaxResults: 100,
              ...(nextToken === undefined ? {} : { NextToken: nextToken }),
            }),
          );
          for (const finding of page.Findings ?? []) {
            if (!finding.Id || !finding.ProductArn) continue;
            found.push({
              ref: { api: 'asff', id: finding.Id, productArn: finding.ProductArn },
              workflowStatus: finding.Workflow?.Status ?? null,
            });
          }
          nextToken = page.NextToken || undefined;
        } while (nextToken !== undefined);
      } catch (e) {
        throw toDomainError(e, { operation: 'GetFindings', resource: 'finding' });
      }
      const consolidated = (f: ModelFinding) => (f.ref.id.includes(':security-control/') ? 0 : 1);
      return found.sort((a, b) => consolidated(a) - consolidated(b));
    },
  };
}

export type AwsContext = ReturnType<typeof awsContext>;
