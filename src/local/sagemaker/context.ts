import type { FaultController } from '../faults.ts';
import type { SandboxStore } from '../store.ts';
import type { SageMakerState } from './state.ts';

/** What every SageMaker operation needs. `seededAt` is set while a scenario seeds the account. */
export interface SageMakerContext {
  readonly store: SandboxStore;
  readonly state: SageMakerState;
  readonly faults: FaultController;
}

/** Creation options: seeding backdates resources and starts endpoints InService. */
export interface CreateOptions {
  readonly seededAt?: number;
}

/** The JSON 1.1 wire form of a timestamp: epoch seconds, with milliseconds as the fraction. */
export function wireTime(ms: number): number {
  return ms / 1000;
}
