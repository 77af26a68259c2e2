import type { Command } from 'commander';
import { buildGuardPolicy } from '../../domain/guard-policy.ts';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * Prints the policy that denies creating SageMaker models without network isolation, so new models cannot
 * fail SageMaker.5. Pure output: it calls no AWS API. The caveats are in docs/prevention.md.
 */
export function registerGuardPolicy(program: Command): void {
  program
    .command('guard-policy')
    .description(
      'Print an IAM policy (or, with --scp, a service control policy) that denies creating models without network isolation',
    )
    .option('--scp', 'print a service control policy for AWS Organizations instead of an IAM policy')
    .option(
      '--exempt-principal <arn>',
      'with --scp: a role or user ARN (wildcards allowed) the SCP does not apply to; repeatable',
      collect,
      [],
    )
    .action((options: { scp?: boolean; exemptPrincipal: string[] }) => {
      const policy = buildGuardPolicy({
        kind: options.scp ? 'scp' : 'iam',
        exemptPrincipals: options.exemptPrincipal,
      });
      process.stdout.write(`${JSON.stringify(policy, null, 2)}\n`);
    });
}
