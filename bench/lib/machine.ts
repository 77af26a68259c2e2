/** The machine a run measured: every figure in the report depends on it. */
import { cpus, totalmem } from 'node:os';
import { round } from './stats.ts';

export interface MachineFacts {
  cpus: number;
  model: string;
  memory_gib: number;
  node: string;
  platform: string;
}

export function machineFacts(): MachineFacts {
  const list = cpus();
  return {
    cpus: list.length,
    model: list[0]?.model.trim() ?? 'unknown',
    memory_gib: round(totalmem() / 1024 ** 3, 1),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}
