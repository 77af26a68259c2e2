import type { Command } from 'commander';
import { makePlan } from '../../domain/plan/index.ts';
import { awsContext } from '../aws-context.ts';
import { ioOf } from '../io.ts';
import {
  exemptTagOption,
  isolatedReplacementOf,
  type ModelArgument,
  modelArgument,
  modelTarget,
  noSuchModel,
} from '../model-target.ts';
import type { GlobalOptions } from '../program.ts';
import { renderPlan } from '../render/plan.ts';
import { jsonText } from '../render/text.ts';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('Show what sm5 would do to give a model network isolation, and why. Changes nothing.')
    .argument('<model>', 'model name or model ARN', modelArgument)
    .addOption(exemptTagOption())
    .action(async (model: ModelArgument, _options: unknown, command: Command) => {
      const io = ioOf(command);
      const options = command.optsWithGlobals<GlobalOptions & { exemptTag: string }>();
      const aws = awsContext(options);
      const target = await modelTarget(model, aws);
      const { request } = target;
      const plan = await makePlan(request, aws, { exemptTagKey: options.exemptTag });
      const replacement =
        plan.model === null ? await isolatedReplacementOf(aws.sagemaker, request.modelName) : null;
      if (plan.model === null && replacement === null) throw noSuchModel(request.modelName, target);
      if (options.json) {
        io.stdout.write(jsonText(plan));
        return;
      }
      const next =
        plan.verdict === 'remediate' ? ` \`sm5 remediate ${plan.model?.name}\` applies this plan.` : '';
      const replaced = replacement === null ? '' : `\nIts isolated clone ${replacement} is in its place.\n`;
      io.stdout.write(`${renderPlan(plan)}${replaced}\nNothing was changed.${next}\n`);
    });
}
