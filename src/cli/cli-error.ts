import { CommanderError } from 'commander';
import { isSm5Error } from '../domain/errors.ts';

/** Exit codes: 0 ok, 1 findings remain (audit) or the run failed, 2 bad usage or input, 3 AWS refused. */
export const EXIT = { ok: 0, failed: 1, usage: 2, aws: 3 } as const;

/** A user-facing error: the message is shown as is, with no stack trace. */
export class CliError extends Error {
  override readonly name = 'CliError' as const;
  constructor(
    message: string,
    readonly exitCode: number = EXIT.usage,
  ) {
    super(message);
  }
}

export function formatError(error: unknown): string {
  // A CliError is written for people; a domain error's name helps whoever searches the docs or the logs.
  if (error instanceof CliError) return error.message;
  if (isSm5Error(error)) return `${error.message} (${error.name})`;
  if (error instanceof Error) return error.message;
  return String(error);
}

export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT.usage;
  if (isSm5Error(error)) {
    const usage = ['InvalidInputError', 'FindingRejectedError', 'UnsupportedEventError'];
    return usage.includes(error.name) ? EXIT.usage : EXIT.aws;
  }
  return EXIT.failed;
}
