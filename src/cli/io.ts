/**
 * Where a command reads and writes. `sm5` itself uses the process's streams; `run(argv, io)` (./run.ts)
 * gives a program its own, so tests run commands in-process and read exactly what a user would see.
 */
import type { Command } from 'commander';

export interface OutputStream {
  write(text: string): unknown;
  readonly isTTY?: boolean | undefined;
}

export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean | undefined };
  /** What the command wants the process to exit with when it returns normally (errors set their own). */
  exitCode: number;
}

export const processIo: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  get exitCode() {
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  },
  set exitCode(code: number) {
    process.exitCode = code;
  },
};

const attached = new WeakMap<Command, CliIo>();

/** Gives a program (and every command under it) its own streams. */
export function attachIo(program: Command, io: CliIo): void {
  attached.set(program, io);
}

export function ioOf(command: Command): CliIo {
  let root = command;
  while (root.parent !== null) root = root.parent;
  return attached.get(root) ?? processIo;
}
