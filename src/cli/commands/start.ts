import { readFile } from 'node:fs/promises';
import { type Command, Option } from 'commander';
import { Mode } from '../../domain/workflow/index.ts';
import { CliError } from '../cli-error.ts';
import { modelArgument } from '../model-target.ts';
import { print, stateMachineOption, workflowContext } from '../workflow/command-context.ts';
import { startRun } from '../workflow/start-run.ts';

/**
 * An argument with a path separator or a dot is a file: SageMaker names are letters, digits and hyphens,
 * and ARNs start with `arn:`. So `fraud-scorer` is a model and `./event` or `event.json` a file.
 */
export function isEventFile(argument: string): boolean {
  return !argument.startsWith('arn:') && /[/\\.]/.test(argument);
}

/** Reads and parses the event file; nothing is sent to AWS before the file is known to be JSON. */
async function readEvent(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : String(error);
    throw new CliError(`cannot read the event file ${path}: ${reason}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(
      `the event file ${path} is not JSON: ${error instanceof Error ? error.message : error}`,
    );
  }
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start a remediation run for a model (name or ARN) or for a Security Hub event in a file')
    .argument(
      '<model|event-file>',
      'a model name or ARN, or a JSON file holding one EventBridge event',
      (value) => {
        // A malformed name or ARN is refused before any AWS call; files are read (and checked) in the action.
        if (!isEventFile(value)) modelArgument(value);
        return value;
      },
    )
    .addOption(
      new Option('--mode <mode>', "this run's mode, instead of the state machine's").choices(Mode.options),
    )
    .addOption(stateMachineOption())
    .action(async (argument: string, options: { mode?: Mode }, command: Command) => {
      const context = workflowContext(command);
      const mode = options.mode === undefined ? {} : { mode: options.mode };
      const start = isEventFile(argument)
        ? { event: await readEvent(argument), ...mode }
        : { model: argument, ...mode };
      const run = await startRun({ ...context.aws, stateMachineArn: context.stateMachineArn }, start);
      print(context, run.executionArn, {
        executionArn: run.executionArn,
        startDate: run.startDate?.toISOString() ?? null,
      });
    });
}
