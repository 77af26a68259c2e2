import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.ts';
import { runDemo } from '../workflow/demo/run-demo.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run sm5 end to end on a sandboxed account: findings through EventBridge, the workflow, an approval, a dry run',
    )
    .action(async () => {
      const ok = await runDemo({ write: (line) => process.stdout.write(`${line}\n`) });
      if (!ok) throw new CliError('the demo did not end as expected (see above)', EXIT.failed);
    });
}
