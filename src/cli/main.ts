import { CommanderError } from 'commander';
import { exitCodeFor, formatError } from './cli-error.ts';
import { buildProgram } from './program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Commander has already printed its own usage errors, help and version.
  if (!(error instanceof CommanderError)) process.stderr.write(`sm5: ${formatError(error)}\n`);
  process.exitCode = exitCodeFor(error);
}
