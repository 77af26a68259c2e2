import { DescribeModelCommand, paginateListModels, SageMakerClient } from '@aws-sdk/client-sagemaker';
import type { Command } from 'commander';
import { startSandbox } from '../../local/sandbox.ts';
import { CliError, EXIT } from '../cli-error.ts';
import { DEMO_SCENARIO } from './sandbox.ts';

/**
 * Boots the sandbox with the demo scenario and checks it through the real SDK: every model is listed and
 * described, and those without network isolation are shown, which is what SageMaker.5 flags.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Boot the sandbox with the demo scenario and show which models fail SageMaker.5')
    .action(async () => {
      const sandbox = await startSandbox({ scenario: DEMO_SCENARIO });
      try {
        const client = new SageMakerClient(sandbox.clientConfig());
        process.stdout.write(
          `Sandbox up at ${sandbox.url} (account ${sandbox.account}, ${sandbox.region})\n`,
        );
        const rows: { name: string; isolated: boolean }[] = [];
        for await (const page of paginateListModels({ client, pageSize: 100 }, {})) {
          for (const summary of page.Models ?? []) {
            const name = summary.ModelName ?? '';
            const model = await client.send(new DescribeModelCommand({ ModelName: name }));
            rows.push({ name, isolated: model.EnableNetworkIsolation === true });
          }
        }
        if (rows.length === 0) throw new CliError('the demo scenario seeded no models', EXIT.failed);
        const width = Math.max(...rows.map((row) => row.name.length), 'MODEL'.length);
        process.stdout.write(`\n${'MODEL'.padEnd(width)}  NETWORK ISOLATION\n`);
        for (const row of rows) {
          process.stdout.write(
            `${row.name.padEnd(width)}  ${row.isolated ? 'on' : 'OFF (fails SageMaker.5)'}\n`,
          );
        }
        const failing = rows.filter((row) => !row.isolated).length;
        process.stdout.write(
          `\n${rows.length} models listed and described through the AWS SDK; ${failing} fail SageMaker.5.\n`,
        );
      } finally {
        await sandbox.stop();
      }
    });
}
