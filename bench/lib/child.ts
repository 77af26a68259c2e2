/**
 * Runs a TypeScript file of the benchmark in a fresh Node process (through tsx) and returns what it printed
 * on stdout: the client under test gets its own process and core, as it would against AWS, and the sandbox
 * keeps this one.
 */
import { spawn } from 'node:child_process';

export interface ChildResult {
  stdout: string;
  stderr: string;
}

export function runNode(
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const result = {
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      };
      if (code === 0) resolve(result);
      else
        reject(new Error(`node ${args.join(' ')} ended with ${signal ?? `exit ${code}`}: ${result.stderr}`));
    });
  });
}

/** Runs `file` (a bench script) with tsx and parses the JSON it prints last on stdout. */
export async function runScript(
  file: URL,
  args: readonly string[],
  env: Readonly<Record<string, string>>,
): Promise<unknown> {
  const { stdout } = await runNode(['--import', 'tsx', file.pathname, ...args], env);
  const last = stdout.trim().split('\n').at(-1) ?? '';
  return JSON.parse(last);
}
