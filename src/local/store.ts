/**
 * The sandbox's shared state: the account, region and clock every service reads, the scenario it was
 * seeded from, the faults in force, and a scheduler of clock-driven transitions (an endpoint that becomes
 * InService 60 seconds after CreateEndpoint). Services keep their own resources; SageMaker's live here
 * because later services (the workflow runner, the invariant checks) inspect them directly.
 */
import type { SandboxClock } from './clock.ts';
import type { FaultController } from './faults.ts';
import { SageMakerState } from './sagemaker/state.ts';
import type { Scenario } from './scenario.ts';

interface ScheduledTask {
  readonly dueAt: number;
  readonly seq: number;
  readonly run: () => void;
}

export class SandboxStore {
  readonly partition = 'aws';
  readonly account: string;
  readonly region: string;
  readonly sagemaker: SageMakerState;
  /** The scenario's findings, for the Security Hub service to seed itself from. */
  readonly findings: readonly unknown[];
  private tasks: ScheduledTask[] = [];
  private taskSeq = 0;

  constructor(
    readonly scenario: Scenario,
    readonly clock: SandboxClock,
    readonly faults: FaultController,
    /** How long Creating and Updating last, in clock seconds. */
    readonly transitionSeconds: number,
  ) {
    this.account = scenario.account;
    this.region = scenario.region;
    this.findings = scenario.findings;
    this.sagemaker = new SageMakerState(this.partition, this.region, this.account);
    clock.onAdvance(() => this.tick());
  }

  /** Runs `run` once the clock reaches `dueAt` (ms); tasks due at the same time run in scheduling order. */
  schedule(dueAt: number, run: () => void): void {
    this.tasks.push({ dueAt, seq: this.taskSeq++, run });
    this.tasks.sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  }

  /** Applies every transition that is due. The server calls it before each request. */
  tick(): void {
    const now = this.clock.now();
    for (let next = this.tasks[0]; next !== undefined && next.dueAt <= now; next = this.tasks[0]) {
      this.tasks.shift();
      next.run();
    }
  }

  /** How many transitions are still waiting for the clock. */
  get pendingTransitions(): number {
    return this.tasks.length;
  }
}
