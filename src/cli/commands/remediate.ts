import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';
import { waitUntilEndpointInService } from '@aws-sdk/client-sagemaker';
import type { Command } from 'commander';
import { partitionOf } from '../../domain/findings/index.ts';
import type { Plan } from '../../domain/plan/index.ts';
import { type FindingRef, RemediationRequest } from '../../domain/request.ts';
import { type LocalRunDeps, type LocalRunResult, remediateLocally } from '../../domain/steps/index.ts';
import { type AwsContext, awsContext } from '../aws-context.ts';
import { CliError, EXIT, formatError } from '../cli-error.ts';
import { type CliIo, ioOf } from '../io.ts';
import {
  exemptTagOption,
  isolatedReplacementOf,
  type ModelArgument,
  modelArgument,
  modelTarget,
  noSuchModel,
} from '../model-target.ts';
import { positiveNumber } from '../parse-args.ts';
import type { GlobalOptions } from '../program.ts';
import { renderPlan } from '../render/plan.ts';
import { type FindingReport, renderRunEvent, renderRunResult } from '../render/remediate.ts';
import { jsonText } from '../render/text.ts';

interface RemediateOptions extends GlobalOptions {
  yes?: boolean;
  retainOriginal?: boolean;
  findingId?: string;
  productArn?: string;
  pollSeconds: number;
  exemptTag: string;
}

/** The SDK waiter's own default for EndpointInService; `--poll-seconds` shortens it against the sandbox. */
const DEFAULT_POLL_SECONDS = 30;

const EXIT_BY_STATUS: Record<LocalRunResult['status'], number> = {
  succeeded: EXIT.ok,
  noop: EXIT.ok,
  blocked: EXIT.failed,
  declined: EXIT.failed,
  failed: EXIT.failed,
};

export function registerRemediate(program: Command): void {
  program
    .command('remediate')
    .description(
      'Give a model network isolation now, from this machine (break-glass: no deployed stack needed): clone it isolated, switch its endpoints, verify, retire the original, and record the outcome on its SageMaker.5 finding.',
    )
    .argument('<model>', 'model name or model ARN', modelArgument)
    .option('-y, --yes', 'apply the plan without asking (required when stdin is not a terminal)')
    .option(
      '--retain-original',
      'keep the original model and configs, tagged sm5:superseded-by, instead of deleting them',
    )
    .option('--finding-id <id>', 'the SageMaker.5 finding to update (default: looked up with GetFindings)')
    .option('--product-arn <arn>', "the finding's ProductArn (default: Security Hub's own, for --finding-id)")
    .option(
      '--poll-seconds <s>',
      'shortest wait between endpoint status checks',
      positiveNumber,
      DEFAULT_POLL_SECONDS,
    )
    .addOption(exemptTagOption())
    .action(async (model: ModelArgument, _options: unknown, command: Command) => {
      const io = ioOf(command);
      const options = command.optsWithGlobals<RemediateOptions>();
      if (options.productArn !== undefined && options.findingId === undefined) {
        throw new CliError('--product-arn goes with --finding-id');
      }
      // Refused before any AWS call: without a terminal nobody can answer, and changing an account
      // unasked is not an option.
      if (options.yes !== true && io.stdin.isTTY !== true) {
        throw new CliError(
          'sm5 remediate changes endpoints and deletes the original model; stdin is not a terminal, so sm5 cannot ask: pass --yes to go ahead (see `sm5 plan` first)',
        );
      }
      const aws = awsContext(options);
      const target = await modelTarget(model, aws);
      const { ref, report: finding } = await chooseFinding(aws, target.request, options, target.region);
      const request = RemediationRequest.parse({ ...target.request, finding: ref });

      const result = await remediateLocally(request, runDeps(aws, options.pollSeconds), {
        runId: runId(),
        retireMode: options.retainOriginal ? 'retain' : 'delete',
        exemptTagKey: options.exemptTag,
        ...(options.yes ? {} : { approve: (plan: Plan) => confirm(io, plan, options.json === true, target) }),
        onProgress: (event) => {
          if (options.json) return;
          if (event.type === 'planned') {
            if (event.plan.model !== null) io.stdout.write(`${renderPlan(event.plan)}\n`);
            return;
          }
          const line = renderRunEvent(event);
          if (line !== null) io.stderr.write(`sm5: ${line}\n`);
        },
      });
      const replacement =
        result.plan.model === null ? await isolatedReplacementOf(aws.sagemaker, request.modelName) : null;
      if (result.plan.model === null && replacement === null && ref === null) {
        throw noSuchModel(request.modelName, target);
      }
      const replaced = replacement === null ? '' : `Its isolated clone ${replacement} is in its place.\n`;
      io.stdout.write(
        options.json ? jsonText(jsonReport(result, finding)) : renderRunResult(result, finding) + replaced,
      );
      io.exitCode = EXIT_BY_STATUS[result.status];
    });
}

/** Unique per run, readable, and valid in a tag value (sm5:run). */
function runId(): string {
  const stamp = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
  return `sm5-cli-${stamp}-${randomBytes(3).toString('hex')}`;
}

function runDeps(aws: AwsContext, pollSeconds: number): LocalRunDeps {
  return {
    sagemaker: aws.sagemaker,
    securityHub: aws.securityHub,
    // The SDK waiter returns as soon as the endpoint is InService or Failed, and gives up after about the
    // time the step asked for; CheckEndpoint then reads what the state means (a rollback is InService too).
    waitForEndpoint: async (endpointName, hint) => {
      const maxWaitTime = Math.max(hint.nextWaitSeconds, pollSeconds * 2);
      await waitUntilEndpointInService(
        {
          client: aws.sagemakerClient,
          minDelay: pollSeconds,
          maxDelay: Math.max(pollSeconds, Math.min(maxWaitTime, pollSeconds * 4)),
          maxWaitTime,
        },
        { EndpointName: endpointName },
      );
    },
  };
}

async function chooseFinding(
  aws: AwsContext,
  request: RemediationRequest,
  options: RemediateOptions,
  region: string,
): Promise<{ ref: FindingRef | null; report: FindingReport }> {
  if (options.findingId !== undefined) {
    const productArn =
      options.productArn ?? `arn:${partitionOf(region)}:securityhub:${region}::product/aws/securityhub`;
    return {
      ref: { api: 'asff', id: options.findingId, productArn },
      report: { id: options.findingId, source: 'option', detail: null },
    };
  }
  try {
    const found = await aws.sageMaker5Findings([request.modelArn]);
    // A suppressed finding was silenced by a person, and a resolved one says what an earlier run did:
    // neither is overwritten. Security Hub reopens a resolved finding (NEW) if the model fails again.
    const open = found.find((f) => f.workflowStatus === 'NEW' || f.workflowStatus === 'NOTIFIED');
    if (open !== undefined) {
      return { ref: open.ref, report: { id: open.ref.id, source: 'lookup', detail: null } };
    }
    const first = found[0];
    const detail =
      first === undefined
        ? 'no active SageMaker.5 finding names this model'
        : `its SageMaker.5 finding ${first.ref.id} is ${first.workflowStatus ?? 'in an unknown state'}, so it is left as it is`;
    return { ref: null, report: { id: null, source: null, detail } };
  } catch (e) {
    // Break-glass: a Security Hub that is off or out of reach must not stop the fix.
    return {
      ref: null,
      report: { id: null, source: null, detail: `the finding lookup failed: ${formatError(e)}` },
    };
  }
}

async function confirm(
  io: CliIo,
  plan: Plan,
  json: boolean,
  target: { account: string; region: string },
): Promise<boolean> {
  if (json) io.stderr.write(renderPlan(plan));
  const { create, retire } = plan.resources;
  const warning = plan.needsApproval
    ? `\nPreflight found ${plan.risks.length} setting(s) that may not work without network access. If the isolated model fails its health check, SageMaker rolls the endpoint back and nothing is deleted.`
    : '';
  io.stderr.write(
    `${warning}\nApply this plan to account ${target.account}, ${target.region}? It creates ${create.length} resource(s), switches ${plan.endpoints.length} endpoint(s) and retires ${retire.length}. [y/N] `,
  );
  const answer = await readLine(io.stdin);
  return /^y(es)?$/i.test(answer.trim());
}

function readLine(input: NodeJS.ReadableStream): Promise<string> {
  const lines = createInterface({ input, terminal: false });
  return new Promise<string>((resolve) => {
    lines.once('line', (line) => {
      resolve(line);
      lines.close();
    });
    lines.once('close', () => resolve(''));
  });
}

/** `sm5 remediate --json`: documented in docs/cli.md. */
function jsonReport(result: LocalRunResult, finding: FindingReport) {
  return {
    version: 1,
    status: result.status,
    plan: result.plan,
    outcome: {
      clones: result.clones,
      endpoints: result.endpoints,
      retire: result.retire,
      error: result.error,
    },
    finding: {
      ...finding,
      recorded: result.finding?.recorded ?? false,
      status: result.finding?.recorded ? result.finding.status : null,
      note: result.finding?.recorded ? result.finding.note : null,
      error: result.findingError,
    },
  };
}
