import type { Command } from 'commander';
import { type AuditProgress, auditAccount } from '../../domain/audit/index.ts';
import { awsContext } from '../aws-context.ts';
import { EXIT } from '../cli-error.ts';
import { ioOf } from '../io.ts';
import { exemptTagOption } from '../model-target.ts';
import type { GlobalOptions } from '../program.ts';
import { renderAudit } from '../render/audit.ts';
import { progressLine } from '../render/progress.ts';
import { jsonText } from '../render/text.ts';

function progressText(p: AuditProgress): string {
  const models = p.listingDone ? `${p.modelsDone}/${p.modelsListed}` : `${p.modelsDone}/${p.modelsListed}+`;
  const endpoints = p.endpointsTotal === null ? 'listing' : `${p.endpointsDone}/${p.endpointsTotal}`;
  return `sm5 audit: models ${models}, endpoints ${endpoints}`;
}

export function registerAudit(program: Command): void {
  program
    .command('audit')
    .description(
      'Every SageMaker model in the account and region: isolated or not, the endpoints serving it, and the verdict sm5 plan would give. Exit 0 when every model is isolated, 1 when some are not.',
    )
    .addOption(exemptTagOption())
    .action(async (_options: unknown, command: Command) => {
      const io = ioOf(command);
      const options = command.optsWithGlobals<GlobalOptions & { exemptTag: string }>();
      const aws = awsContext(options);
      const region = await aws.region();
      // Who is asking, first: bad credentials fail here once, not on every call of the fan-out.
      const { account } = await aws.identity();
      const progress = progressLine(io.stderr);
      const report = await auditAccount(
        { sagemaker: aws.auditSageMaker() },
        {
          account,
          region,
          exemptTagKey: options.exemptTag,
          onProgress: (p) => progress.update(progressText(p)),
        },
      ).finally(() => progress.done());
      io.stdout.write(options.json ? jsonText(report) : renderAudit(report));
      if (report.summary.notIsolated > 0) io.exitCode = EXIT.failed;
    });
}
