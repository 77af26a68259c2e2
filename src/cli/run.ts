/** Runs `sm5` with the given arguments and streams, and answers its exit code; what `bin/sm5.js` does. */
import { type Command, CommanderError } from 'commander';
import { exitCodeFor, formatError } from './cli-error.ts';
import { attachIo, type CliIo } from './io.ts';
import { buildProgram } from './program.ts';

function routeOutput(command: Command, io: CliIo): void {
  command.configureOutput({
    writeOut: (text) => io.stdout.write(text),
    writeErr: (text) => io.stderr.write(text),
  });
  for (const sub of command.commands) routeOutput(sub, io);
}

/** `argv` holds the user's arguments only, e.g. `['audit', '--json']`. */
export async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram();
  attachIo(program, io);
  routeOutput(program, io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (error) {
    // Commander has already printed its own usage errors, help and version.
    if (!(error instanceof CommanderError)) io.stderr.write(`sm5: ${formatError(error)}\n`);
    return exitCodeFor(error);
  }
}
