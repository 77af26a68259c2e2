import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { registerApprove } from './commands/approve.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDemo } from './commands/demo.ts';
import { registerGuardPolicy } from './commands/guard-policy.ts';
import { registerHistory } from './commands/history.ts';
import { registerPlan } from './commands/plan.ts';
import { registerReject } from './commands/reject.ts';
import { registerRemediate } from './commands/remediate.ts';
import { registerSandbox } from './commands/sandbox.ts';
import { registerStart } from './commands/start.ts';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** Options every command that talks to AWS understands. */
export interface GlobalOptions {
  region?: string;
  profile?: string;
  endpointUrl?: string;
  json?: boolean;
}

export function buildProgram(): Command {
  const program = new Command('sm5')
    .description('Fix AWS Security Hub SageMaker.5: give SageMaker models network isolation, safely.')
    .version(version, '-V, --version')
    .addOption(new Option('--region <region>', 'AWS region (default: from the environment)'))
    .addOption(new Option('--profile <name>', 'AWS shared config profile'))
    .addOption(new Option('--endpoint-url <url>', 'send every AWS call here (e.g. the sandbox)'))
    .addOption(new Option('--json', 'machine-readable output on stdout'))
    .showHelpAfterError()
    .exitOverride();
  registerSandbox(program);
  registerDemo(program);
  registerAudit(program);
  registerPlan(program);
  registerRemediate(program);
  registerStart(program);
  registerApprove(program);
  registerReject(program);
  registerHistory(program);
  registerGuardPolicy(program);
  return program;
}
