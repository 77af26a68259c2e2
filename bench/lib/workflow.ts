/**
 * The real workflow in the sandbox, fed the way a deployment is: Security Hub import events on an
 * EventBridge bus whose sm5 rules start `sm5-remediate-model` executions.
 */
import type { DescribeExecutionOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import * as z from 'zod';
import { asffImportedEvent, type EventBus, sm5EventBus } from '../../src/local/eventbridge/index.ts';
import { type Sandbox, type SandboxOptions, startSandbox } from '../../src/local/sandbox.ts';
import { registerWorkflow, type WorkflowRegistration } from '../../src/local/workflow/index.ts';

export interface WorkflowSandbox {
  sandbox: Sandbox;
  workflow: WorkflowRegistration;
  bus: EventBus;
}

/** A sandbox with the workflow registered in `auto` mode (no approval step) and sm5's rules on a bus. */
export async function workflowSandbox(options: SandboxOptions): Promise<WorkflowSandbox> {
  const sandbox = await startSandbox(options);
  try {
    const workflow = await registerWorkflow(sandbox, { mode: 'auto' });
    return { sandbox, workflow, bus: sm5EventBus(sandbox, workflow.stateMachineArn) };
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
}

/** Publishes one import event per finding, all at once; resolves with the executions the rules started. */
export async function deliverFindings(
  bus: EventBus,
  findings: readonly Record<string, unknown>[],
): Promise<{ executions: string[]; refused: string[] }> {
  const deliveries = (await Promise.all(findings.map((f) => bus.publish(asffImportedEvent(f))))).flat();
  return {
    executions: deliveries.flatMap((d) => (d.result === undefined ? [] : [d.result])),
    refused: deliveries.flatMap((d) => (d.error === undefined ? [] : [d.error])),
  };
}

const ExecutionOutput = z.looseObject({
  /** The Duplicate state's output: `{ outcome: 'duplicate', duplicateOf, ... }`. */
  outcome: z.union([z.string(), z.looseObject({ outcome: z.string().optional() })]).optional(),
});

export type RunKind = 'remediated' | 'duplicate' | 'other-success' | 'failed';

/** What an execution did, from its status and output: a fix, a visible duplicate, or a failure. */
export function kindOf(execution: DescribeExecutionOutput): { kind: RunKind; detail: string } {
  if (execution.status !== 'SUCCEEDED') {
    return { kind: 'failed', detail: `${execution.status ?? 'UNKNOWN'} ${execution.error ?? ''}`.trim() };
  }
  const parsed = ExecutionOutput.safeParse(JSON.parse(execution.output ?? 'null'));
  const outcome = parsed.success ? parsed.data.outcome : undefined;
  const name = typeof outcome === 'string' ? outcome : outcome?.outcome;
  if (name === 'duplicate') return { kind: 'duplicate', detail: name };
  if (name === 'remediated') return { kind: 'remediated', detail: name };
  return { kind: 'other-success', detail: name ?? 'no outcome' };
}

/** StateEntered events: one per state transition, which is what Step Functions Standard bills. */
export function stateTransitions(history: readonly HistoryEvent[]): HistoryEvent[] {
  return history.filter((e) => e.type?.endsWith('StateEntered') === true);
}

/**
 * Failed task attempts by state and error (`Plan ThrottledError`), from one execution's history: each is an
 * attempt Step Functions threw away and, when a Retry matched, ran again after its back-off.
 */
export function failedAttempts(history: readonly HistoryEvent[]): Map<string, number> {
  const counts = new Map<string, number>();
  let state = '';
  for (const event of history) {
    if (event.type?.endsWith('StateEntered') === true) state = event.stateEnteredEventDetails?.name ?? '';
    const error = event.lambdaFunctionFailedEventDetails?.error ?? event.taskFailedEventDetails?.error;
    if (error !== undefined) counts.set(`${state} ${error}`, (counts.get(`${state} ${error}`) ?? 0) + 1);
  }
  return counts;
}
