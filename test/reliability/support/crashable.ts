/**
 * The workflow as a second state machine whose Lambda tasks can be made to crash: the same ASL file, the
 * same placeholders, the same handlers built the way the sandbox registration builds them, each wrapped so
 * that the k-th Lambda task of a run stops the execution (StopExecution) either as it is entered, before its
 * handler runs, or right after its handler has done its work but before the state machine gets the result.
 * That is a crash at every step boundary: the work of steps 1..k-1 (or 1..k) is done, nothing after it.
 *
 * As in AWS, a stopped execution does not cancel Lambda invocations already running (another Map iteration's
 * step, say): `settled()` waits for them, so the rerun starts from everything the crashed run did.
 */
import { readFileSync } from 'node:fs';
import { substitutePlaceholders } from '../../../src/domain/workflow/placeholders.ts';
import { type FunctionId, WORKFLOW_FUNCTIONS } from '../../../src/domain/workflow-functions.ts';
import type { Sandbox } from '../../../src/local/sandbox.ts';
import type { LambdaHandler } from '../../../src/local/stepfunctions/index.ts';
import { WORKFLOW_DEFINITION_URL, type WorkflowRegistration } from '../../../src/local/workflow/register.ts';
import { buildHandlers } from './handlers.ts';

export interface CrashPoint {
  /** The k-th Lambda task of the run, from 1. */
  readonly step: number;
  /** `before`: stopped as the task is entered; `after`: its handler finished, its result is lost. */
  readonly when: 'before' | 'after';
}

export const CRASHABLE_STATE_MACHINE = 'sm5-remediate-model-crashable';

function executionOf(event: unknown): string {
  const trace = typeof event === 'object' && event !== null ? Reflect.get(event, 'trace') : undefined;
  const arn = typeof trace === 'object' && trace !== null ? Reflect.get(trace, 'executionArn') : undefined;
  if (typeof arn !== 'string') throw new Error('a task input without trace.executionArn');
  return arn;
}

export class CrashableWorkflow {
  readonly stateMachineArn: string;
  /** The function of each Lambda task run since the last `arm`, in order. */
  readonly calls: FunctionId[] = [];
  /** Anything that went wrong while crashing a run (the case must not pass silently). */
  readonly errors: string[] = [];
  private point: CrashPoint | null = null;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly sb: Pick<Sandbox, 'stepFunctions' | 'clientConfig'>,
    registration: WorkflowRegistration,
  ) {
    const built = buildHandlers(sb, registration);
    const handlers: Record<string, LambdaHandler> = {};
    for (const fn of WORKFLOW_FUNCTIONS) {
      handlers[registration.functionArns[fn.id]] = this.wrap(fn.id, built[fn.id]);
    }
    const text = readFileSync(WORKFLOW_DEFINITION_URL, 'utf8');
    this.stateMachineArn = sb.stepFunctions.registerStateMachine({
      name: CRASHABLE_STATE_MACHINE,
      definition: substitutePlaceholders(text, registration.substitutions),
      handlers,
    }).stateMachineArn;
  }

  /** The next run stops at `point` (null: runs through). */
  arm(point: CrashPoint | null): void {
    this.point = point;
    this.calls.length = 0;
  }

  /** Resolves once every handler invocation that was running has finished. */
  async settled(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private wrap(id: FunctionId, handler: LambdaHandler): LambdaHandler {
    return async (event, context) => {
      this.calls.push(id);
      const step = this.calls.length;
      const point = this.point;
      const crash = () => {
        this.sb.stepFunctions
          .stopExecution(executionOf(event), 'Sm5.Crash', `stopped at step ${step} (${id}, ${point?.when})`)
          .catch((error: unknown) => {
            this.errors.push(`could not stop at step ${step}: ${String(error)}`);
          });
      };
      if (point?.step === step && point.when === 'before') {
        crash();
        throw new Error(`crashed before step ${step}`);
      }
      const invocation = handler(event, context);
      this.inFlight.add(invocation);
      try {
        const result = await invocation;
        if (point?.step === step && point.when === 'after') crash();
        return result;
      } finally {
        this.inFlight.delete(invocation);
      }
    };
  }
}
