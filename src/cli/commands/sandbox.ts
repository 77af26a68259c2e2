import type { Command } from 'commander';
import { Option } from 'commander';
import { startSandbox } from '../../local/sandbox.ts';
import { registerWorkflow } from '../../local/workflow/index.ts';
import { CliError } from '../cli-error.ts';
import { ioOf } from '../io.ts';
import { portNumber, positiveNumber } from '../parse-args.ts';
import { demoScenario } from '../workflow/demo/run-demo.ts';

interface SandboxCommandOptions {
  port: number;
  scenario?: string;
  transitionSeconds: number;
  mode: 'auto' | 'approval' | 'dry-run';
}

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Run the local sandbox (an emulated AWS account with sm5 deployed) in the foreground')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', portNumber, 4566)
    .option(
      '--scenario <file>',
      'scenario JSON that seeds the account (default: the demo account and findings)',
    )
    .option('--transition-seconds <s>', 'seconds an endpoint spends Creating/Updating', positiveNumber, 5)
    .addOption(
      new Option('--mode <mode>', "the workflow's default mode")
        .choices(['auto', 'approval', 'dry-run'])
        .default('approval'),
    )
    .action(async (options: SandboxCommandOptions, command: Command) => {
      const { stdout } = ioOf(command);
      const sandbox = await startSandbox({
        scenario: options.scenario ?? demoScenario(),
        port: options.port,
        clock: 'real',
        transitionSeconds: options.transitionSeconds,
      }).catch((error: unknown) => {
        throw new CliError(`cannot start the sandbox: ${error instanceof Error ? error.message : error}`);
      });
      // Deployed as the CDK stack would deploy it, so `sm5 start`, `approve` and `history` work unchanged.
      const workflow = await registerWorkflow(sandbox, { mode: options.mode });
      const exports = Object.entries(sandbox.env())
        .map(([key, value]) => `export ${key}=${value}`)
        .join('\n');
      stdout.write(
        `sm5 sandbox: account ${sandbox.account}, region ${sandbox.region}, listening on ${sandbox.url}\n` +
          `State machine ${workflow.stateMachineArn} (default mode ${options.mode})\n` +
          `Point the AWS SDK and sm5 at it:\n${exports}\n` +
          `AWS CLI v2 ignores AWS_ENDPOINT_URL: pass --endpoint-url ${sandbox.url}\n` +
          'Press Ctrl-C to stop.\n',
      );
      await new Promise<void>((resolve) => {
        const stop = () => {
          void sandbox.stop().then(resolve);
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      stdout.write('sm5 sandbox: stopped\n');
    });
}
