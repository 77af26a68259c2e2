import type { Command } from 'commander';
import { startSandbox } from '../../local/sandbox.ts';
import { CliError } from '../cli-error.ts';
import { portNumber, positiveNumber } from '../parse-args.ts';

export const DEMO_SCENARIO = new URL('../../local/scenarios/demo.json', import.meta.url).pathname;

export function registerSandbox(program: Command): void {
  program
    .command('sandbox')
    .description('Run the local sandbox (emulated SageMaker and friends) in the foreground')
    .option('--port <n>', 'port on 127.0.0.1 (0 picks a free one)', portNumber, 4566)
    .option('--scenario <file>', 'scenario JSON that seeds the account', DEMO_SCENARIO)
    .option('--transition-seconds <s>', 'seconds an endpoint spends Creating/Updating', positiveNumber, 5)
    .action(async (options: { port: number; scenario: string; transitionSeconds: number }) => {
      const sandbox = await startSandbox({
        scenario: options.scenario,
        port: options.port,
        clock: 'real',
        transitionSeconds: options.transitionSeconds,
      }).catch((error: unknown) => {
        throw new CliError(`cannot start the sandbox: ${error instanceof Error ? error.message : error}`);
      });
      const exports = Object.entries(sandbox.env())
        .map(([key, value]) => `export ${key}=${value}`)
        .join('\n');
      process.stdout.write(
        `sm5 sandbox: account ${sandbox.account}, region ${sandbox.region}, listening on ${sandbox.url}\n` +
          `Point the AWS SDK at it:\n${exports}\n` +
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
      process.stdout.write('sm5 sandbox: stopped\n');
    });
}
