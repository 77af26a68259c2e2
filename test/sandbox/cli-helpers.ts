/** Runs the real AWS CLI v2 against a sandbox, isolated from any AWS configuration on the machine. */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../../src/local/sandbox.ts';

// An older v1 may shadow v2 on PATH; the tests are about v2.
export const AWS_CLI = '/usr/bin/aws';

const home = mkdtempSync(join(tmpdir(), 'sm5-cli-home-'));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the process outlived its time and was killed. */
  readonly timedOut?: true;
}

/** The environment a CLI run gets: the sandbox's, a blank HOME, no profile or pager. */
export function cliEnv(sb: Sandbox): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_PAGER: '',
    ...sb.env(),
  };
}

/** Runs a process to its end; one still running after `timeoutMs` is killed and reported as `timedOut`. */
export function runProcess(
  file: string,
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 120_000,
): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      file,
      [...args],
      { env, timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr, ...(error?.killed ? { timedOut: true } : {}) });
      },
    );
  });
}

/** `aws --endpoint-url <sandbox> --no-cli-pager <args>` */
export function aws(sb: Sandbox, args: readonly string[]): Promise<CliResult> {
  return runProcess(AWS_CLI, ['--endpoint-url', sb.url, '--no-cli-pager', ...args], cliEnv(sb));
}
