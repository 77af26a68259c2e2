/**
 * Hostile and broken step input for each Lambda handler, called directly as Lambda would call it. The good
 * inputs are the ones a real run sent (read from the history of a remediation and of a run that failed on a
 * rollback); the broken ones delete or replace their members, or are any JSON at all. Whatever breaks the
 * step's own input contract is refused with InvalidInputError before the handler makes a single AWS call;
 * whatever the contract accepts ends in the step's output or a named sm5 error, never a crash.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as z from 'zod';
import { isSm5Error } from '../../src/domain/errors.ts';
import { CheckEndpointInput } from '../../src/domain/steps/check-endpoint.ts';
import { CloneModelInput } from '../../src/domain/steps/clone-model.ts';
import { CreateEndpointConfigInput } from '../../src/domain/steps/create-endpoint-config.ts';
import { PlanStepInput } from '../../src/domain/steps/plan-step.ts';
import { SwitchEndpointInput } from '../../src/domain/steps/switch-endpoint.ts';
import { NormalizeInput } from '../../src/domain/workflow/normalize-execution.ts';
import { RecordTaskInput } from '../../src/domain/workflow/record.ts';
import { RetireTaskInput } from '../../src/domain/workflow/retire-input.ts';
import { parseTask } from '../../src/domain/workflow/trace.ts';
import { type FunctionId, WORKFLOW_FUNCTIONS } from '../../src/domain/workflow-functions.ts';
import type { LambdaHandler } from '../../src/local/stepfunctions/index.ts';
import type { LambdaContext } from '../../src/local/stepfunctions/integrations/lambda.ts';
import { type AccountShape, scenarioFor } from './support/fixtures.ts';
import { buildHandlers } from './support/handlers.ts';
import { mutate, mutationsArb } from './support/hostile.ts';
import { callsIn } from './support/invariants.ts';
import { propertyParameters } from './support/params.ts';
import { openWorld, type World } from './support/world.ts';

const ACCOUNT: AccountShape = {
  models: [
    { name: 'fraud', isolated: false, exempt: false },
    { name: 'challenger', isolated: false, exempt: false },
  ],
  configs: [
    { name: 'fraud-shared', production: ['fraud'] },
    { name: 'fraud-ab', production: ['fraud'], shadow: 'challenger' },
  ],
  endpoints: [
    { name: 'fraud-1', config: 'fraud-shared' },
    { name: 'fraud-2', config: 'fraud-ab' },
  ],
};

/** Each step's own input contract (what its handler parses `input` with). */
const CONTRACTS: Readonly<Record<FunctionId, z.core.$ZodType>> = {
  normalize: NormalizeInput,
  plan: PlanStepInput,
  'clone-model': CloneModelInput,
  'create-endpoint-config': CreateEndpointConfigInput,
  'switch-endpoint': SwitchEndpointInput,
  'check-endpoint': CheckEndpointInput,
  retire: RetireTaskInput,
  'record-outcome': RecordTaskInput,
};
const FUNCTIONS: readonly FunctionId[] = WORKFLOW_FUNCTIONS.map((fn) => fn.id);

/** Every task a run sent to a Lambda, by function: read from two real runs' histories. */
async function realInputs(): Promise<Map<FunctionId, unknown[]>> {
  const inputs = new Map<FunctionId, unknown[]>(FUNCTIONS.map((id) => [id, []]));
  const world = await openWorld({ scenario: scenarioFor(ACCOUNT) });
  try {
    world.sb.faults.failNextEndpointUpdate('fraud-2', 'health check failed on the new fleet');
    const failed = await world.run('fraud');
    const remediated = await world.run('fraud');
    const byArn = new Map(FUNCTIONS.map((id) => [world.workflow.functionArns[id], id]));
    for (const run of [failed, remediated]) {
      for (const event of run.history) {
        const scheduled = event.lambdaFunctionScheduledEventDetails;
        const id = byArn.get(scheduled?.resource ?? '');
        if (id !== undefined && scheduled?.input !== undefined)
          inputs.get(id)?.push(JSON.parse(scheduled.input));
      }
    }
    expect([failed.outcome, remediated.outcome]).toEqual(['failed', 'remediated']);
  } finally {
    await world.close();
  }
  return inputs;
}

let w: World;
let handlers: Record<FunctionId, LambdaHandler>;
let inputs: Map<FunctionId, unknown[]>;

beforeAll(async () => {
  inputs = await realInputs();
  w = await openWorld({ scenario: scenarioFor(ACCOUNT) });
  handlers = buildHandlers(w.sb, w.workflow);
});

afterAll(async () => {
  await w.close();
});

/** What the Lambda runtime passes along with the event. */
const CONTEXT: LambdaContext = {
  functionName: 'sm5-step',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:111122223333:function:sm5-step',
  memoryLimitInMB: '256',
  awsRequestId: 'reliability',
  logGroupName: '/aws/lambda/sm5-step',
  logStreamName: 'reliability',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 30_000,
};

/** Calls the handler; answers what went wrong. */
async function judge(id: FunctionId, task: unknown): Promise<string[]> {
  const from = w.sb.requestLog.length;
  let invalid = false;
  try {
    parseTask(CONTRACTS[id], task, id);
  } catch {
    invalid = true;
  }
  const outcome = await handlers[id](task, CONTEXT).then(
    () => 'ok',
    (error: unknown) => (isSm5Error(error) ? error.name : `unnamed ${String(error)}`),
  );
  const calls = callsIn(w.sb, from);
  if (invalid) {
    const problems =
      outcome === 'InvalidInputError' ? [] : [`a task that breaks the contract ended ${outcome}`];
    return calls.length === 0
      ? problems
      : [...problems, `made AWS calls on a broken task: ${calls.join(', ')}`];
  }
  return outcome === 'ok' || !outcome.startsWith('unnamed')
    ? []
    : [`a task within the contract ended ${outcome}`];
}

describe('hostile step input', () => {
  it('a real run sent every handler at least one task to learn from', () => {
    for (const id of FUNCTIONS) expect(inputs.get(id)?.length, id).toBeGreaterThan(0);
  });

  it.each(FUNCTIONS)(
    '%s refuses any JSON that is not a task, with InvalidInputError and no call',
    async (id) => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 3 }), async (task) => {
          expect(await judge(id, task)).toEqual([]);
        }),
        propertyParameters(15),
      );
    },
  );

  it.each(FUNCTIONS)(
    '%s: a real task with members deleted or replaced is refused before any call, or handled',
    async (id) => {
      const tasks = inputs.get(id) ?? [];
      const cases = fc
        .integer({ min: 0, max: tasks.length - 1 })
        .chain((index) => mutationsArb(tasks[index], 2).map((mutations) => mutate(tasks[index], mutations)));
      await fc.assert(
        fc.asyncProperty(cases, async (task) => {
          expect(await judge(id, task)).toEqual([]);
        }),
        propertyParameters(25),
      );
    },
  );
});
