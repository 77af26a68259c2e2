/**
 * One emulated account for a reliability case: a sandbox on the virtual clock seeded with a scenario, the
 * real workflow registered as `sm5-remediate-model` with the real handlers, an observer checking I1 and I2
 * at every change, and the records of every run (what it did, what it wrote on the finding, which requests
 * it made) that I3, I4 and I5 are checked against.
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { type Sandbox, startSandbox } from '../../../src/local/sandbox.ts';
import type { ScenarioInput } from '../../../src/local/scenario.ts';
import type { FindingUpdateRecord } from '../../../src/local/securityhub/state.ts';
import {
  type RegisterWorkflowOptions,
  registerWorkflow,
  type WorkflowRegistration,
} from '../../../src/local/workflow/register.ts';
import { finding, findingEvent, findingId } from './fixtures.ts';
import { AccountObserver } from './observer.ts';

export interface WorldOptions {
  readonly scenario: ScenarioInput;
  /** Default: auto mode, settings as deployed. */
  readonly register?: RegisterWorkflowOptions;
  /** Models allowed to keep running without isolation (exempt, or on a serverless variant). */
  readonly mayStayOpen?: Iterable<string>;
  /** Seconds an endpoint spends Updating (default 60). */
  readonly transitionSeconds?: number;
}

export interface LockItem {
  readonly pk: string;
  readonly owner: string;
  readonly expiresAt: number;
}

export interface RunRecord {
  readonly executionArn: string;
  readonly modelName: string;
  readonly status: string;
  readonly error: string | undefined;
  /**
   * How the run ended: the outcome its last Record step wrote, `duplicate`, `refused:<error>` when Normalize
   * refused its input, or `error:<error>` when it failed with no outcome recorded.
   */
  readonly outcome: string;
  /** The states it entered, in order. */
  readonly states: readonly string[];
  readonly history: readonly HistoryEvent[];
  /** Request log indices [from, to) of the requests made while it ran. */
  readonly requests: { readonly from: number; readonly to: number };
  /** The finding's updates made while it ran. */
  readonly findingUpdates: readonly FindingUpdateRecord[];
  /** The execution's start time (epoch seconds), as the locks compare against it. */
  readonly startedAt: number;
  /** For a duplicate: the run that held the lock. */
  readonly duplicateOf: string | undefined;
}

/** The errors with which Normalize refuses an input before anything is locked or changed. */
export const REJECTIONS: ReadonlySet<string> = new Set([
  'FindingRejectedError',
  'UnsupportedEventError',
  'InvalidInputError',
]);

/** What the run's Record steps answered, last first; a failed execution has no output. */
function recordedOutcomes(history: readonly HistoryEvent[]): string[] {
  return history
    .flatMap((e) => {
      const output: unknown = JSON.parse(e.lambdaFunctionSucceededEventDetails?.output ?? 'null');
      if (typeof output !== 'object' || output === null || !('outcome' in output) || !('note' in output))
        return [];
      return typeof output.outcome === 'string' ? [output.outcome] : [];
    })
    .reverse();
}

function duplicateOf(output: string | undefined): string | undefined {
  const parsed: unknown = JSON.parse(output ?? 'null');
  if (typeof parsed !== 'object' || parsed === null || !('duplicateOf' in parsed)) return undefined;
  return typeof parsed.duplicateOf === 'string' ? parsed.duplicateOf : undefined;
}

function outcomeOf(
  status: string,
  error: string | undefined,
  output: string | undefined,
  history: readonly HistoryEvent[],
) {
  if (status === 'SUCCEEDED') {
    const parsed: unknown = JSON.parse(output ?? 'null');
    if (typeof parsed === 'object' && parsed !== null && 'outcome' in parsed) {
      const outcome = parsed.outcome;
      if (outcome === 'duplicate') return 'duplicate';
      if (
        typeof outcome === 'object' &&
        outcome !== null &&
        'outcome' in outcome &&
        typeof outcome.outcome === 'string'
      )
        return outcome.outcome;
    }
  }
  if (error !== undefined && REJECTIONS.has(error)) return `refused:${error}`;
  return recordedOutcomes(history)[0] ?? `error:${error ?? status}`;
}

export function statesEntered(history: readonly HistoryEvent[]): string[] {
  return history.flatMap((e) =>
    e.type?.endsWith('StateEntered') && e.stateEnteredEventDetails?.name !== undefined
      ? [e.stateEnteredEventDetails.name]
      : [],
  );
}

export class World {
  readonly runs: RunRecord[] = [];
  private readonly dynamodb: DynamoDBClient;

  constructor(
    readonly sb: Sandbox,
    readonly workflow: WorkflowRegistration,
    readonly observer: AccountObserver,
  ) {
    this.dynamodb = new DynamoDBClient({ ...sb.clientConfig(), maxAttempts: 1 });
  }

  /** Starts an execution of `stateMachineArn` (default the workflow) with `input` and waits for its end. */
  async run(
    modelName: string,
    input: unknown = findingEvent(modelName),
    stateMachineArn = this.workflow.stateMachineArn,
  ): Promise<RunRecord> {
    const from = this.sb.requestLog.length;
    const updates = this.sb.securityHub.history(findingId(modelName)).length;
    const executionArn = await this.start(input, stateMachineArn);
    return this.finish(modelName, executionArn, from, updates);
  }

  /** Starts one execution per event at once, then waits for them all. */
  async runAll(events: readonly { modelName: string; input: unknown }[]): Promise<RunRecord[]> {
    const from = this.sb.requestLog.length;
    const started = await Promise.all(
      events.map(async ({ modelName, input }) => {
        const updates = this.sb.securityHub.history(findingId(modelName)).length;
        return { modelName, updates, executionArn: await this.start(input) };
      }),
    );
    return Promise.all(started.map((s) => this.finish(s.modelName, s.executionArn, from, s.updates)));
  }

  async start(input: unknown, stateMachineArn = this.workflow.stateMachineArn): Promise<string> {
    const { executionArn } = await this.sb.stepFunctions.startExecution(stateMachineArn, {
      input: JSON.stringify(input),
    });
    return executionArn;
  }

  /**
   * Waits for the execution's end and records it; `from` is the request log length and `updatesBefore` the
   * number of the finding's updates when it started.
   */
  async finish(
    modelName: string,
    executionArn: string,
    from: number,
    updatesBefore = this.sb.securityHub.history(findingId(modelName)).length,
  ): Promise<RunRecord> {
    const result = await this.sb.stepFunctions.waitForExecution(executionArn);
    this.observer.observe();
    const history = this.sb.stepFunctions.history(executionArn);
    const record: RunRecord = {
      executionArn,
      modelName,
      status: result.status ?? 'UNKNOWN',
      error: result.error,
      outcome: outcomeOf(result.status ?? '', result.error, result.output, history),
      states: statesEntered(history),
      history,
      requests: { from, to: this.sb.requestLog.length },
      findingUpdates: this.sb.securityHub.history(findingId(modelName)).slice(updatesBefore),
      startedAt: Math.floor((result.startDate?.getTime() ?? this.sb.clock.now()) / 1000),
      duplicateOf: duplicateOf(result.output),
    };
    this.runs.push(record);
    return record;
  }

  /**
   * Resolves once no request has been answered for a short while (real time). A stopped execution does not
   * cancel an AWS call a task already sent (a lock write of another Map iteration, say): it still lands.
   */
  async quiet(): Promise<void> {
    for (let seen = -1; seen !== this.sb.requestLog.length; ) {
      seen = this.sb.requestLog.length;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  async locks(): Promise<LockItem[]> {
    const out = await this.dynamodb.send(new ScanCommand({ TableName: this.workflow.lockTableName }));
    return (out.Items ?? []).map((item) => ({
      pk: item.pk?.S ?? '',
      owner: item.owner?.S ?? '',
      expiresAt: Number(item.expiresAt?.N ?? 'NaN'),
    }));
  }

  /** Status of the execution that owns a lock (RUNNING, SUCCEEDED, ...), or undefined if unknown. */
  executionStatus(executionArn: string): string | undefined {
    try {
      return this.sb.stepFunctions.describeExecution(executionArn).status;
    } catch {
      return undefined;
    }
  }

  async close(): Promise<string[]> {
    const violations = this.observer.detach();
    this.dynamodb.destroy();
    await this.sb.stop();
    return violations;
  }
}

/** A sandbox seeded with the scenario (and a finding per model unless it lists its own), the workflow, an observer. */
export async function openWorld(options: WorldOptions): Promise<World> {
  const { scenario } = options;
  const findings = scenario.findings ?? (scenario.models ?? []).map((m) => finding(m.ModelName));
  const sb = await startSandbox({
    scenario: { ...scenario, findings },
    clock: 'virtual',
    ...(options.transitionSeconds === undefined ? {} : { transitionSeconds: options.transitionSeconds }),
  });
  try {
    const workflow = await registerWorkflow(sb, { mode: 'auto', ...options.register });
    const observer = new AccountObserver(sb, { mayStayOpen: options.mayStayOpen ?? [] });
    return new World(sb, workflow, observer);
  } catch (error) {
    await sb.stop();
    throw error;
  }
}
