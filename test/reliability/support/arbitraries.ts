/**
 * Random accounts and fault schedules for the property runs.
 *
 * Accounts: one to four models (some already isolated, some exempt), up to three endpoint configs with one
 * or two production variants, an optional shadow variant or a single serverless variant, and up to four
 * endpoints, which may share a config. Every account is valid for the emulator (a serverless variant never
 * runs an isolated model), so I1 holds at the start.
 *
 * Faults are the transient ones the workflow must ride out (throttling, 5xx, latency, an endpoint busy with
 * a platform update) and the permanent one it must stop cleanly on (an update that rolls back). Each is
 * finite: the property then asks that every fixable model is fixed by a rerun once the faults stop.
 */
import fc from 'fast-check';
import type { FaultController } from '../../../src/local/faults.ts';
import type { AccountShape, ConfigShape, ModelShape } from './fixtures.ts';

/** Names with capitals and hyphens: ARNs lowercase them, and the plan must find the real name. */
export const MODEL_NAMES = ['fraud', 'Churn-Model', 'rec-v2', 'ltv'] as const;

const weighted = (trueWeight: number, falseWeight: number) =>
  fc.oneof(
    { arbitrary: fc.constant(true), weight: trueWeight },
    { arbitrary: fc.constant(false), weight: falseWeight },
  );

function modelArb(name: string): fc.Arbitrary<ModelShape> {
  return fc
    .record({ isolated: weighted(1, 4), exempt: weighted(1, 9) })
    .map(({ isolated, exempt }) => ({ name, isolated, exempt: exempt && !isolated }));
}

function configArb(index: number, models: readonly ModelShape[]): fc.Arbitrary<ConfigShape> {
  const names = models.map((m) => m.name);
  return fc
    .record({
      production: fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(2, names.length) }),
      shadow: fc.option(fc.constantFrom(...names), { nil: null }),
      serverless: weighted(1, 6),
    })
    .map(({ production, shadow, serverless }) => {
      const only = production[0];
      const canBeServerless =
        production.length === 1 && models.find((m) => m.name === only)?.isolated === false;
      if (serverless && canBeServerless) return { name: `cfg-${index}`, production, serverless: true };
      return {
        name: `cfg-${index}`,
        production,
        shadow: shadow !== null && !production.includes(shadow) ? shadow : null,
      };
    });
}

export const accountArb: fc.Arbitrary<AccountShape> = fc
  .integer({ min: 1, max: MODEL_NAMES.length })
  .chain((count) => fc.tuple(...MODEL_NAMES.slice(0, count).map(modelArb)))
  .chain((models) =>
    fc
      .oneof(
        { arbitrary: fc.integer({ min: 1, max: 3 }), weight: 5 },
        { arbitrary: fc.constant(0), weight: 1 },
      )
      .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => configArb(i, models))))
      .chain((configs) =>
        fc
          .array(configs.length === 0 ? fc.constant(null) : fc.constantFrom(...configs.map((c) => c.name)), {
            minLength: configs.length === 0 ? 0 : 1,
            maxLength: configs.length === 0 ? 0 : 4,
          })
          .map((picked) => ({
            models,
            configs,
            endpoints: picked.flatMap((config, i) => (config === null ? [] : [{ name: `ep-${i}`, config }])),
          })),
      ),
  );

/** SageMaker operations a run calls, each a place a fault can land. */
export const SAGEMAKER_OPERATIONS = [
  'DescribeModel',
  'ListTags',
  'ListModels',
  'ListEndpoints',
  'DescribeEndpoint',
  'DescribeEndpointConfig',
  'CreateModel',
  'CreateEndpointConfig',
  'UpdateEndpoint',
  'AddTags',
  'DeleteModel',
  'DeleteEndpointConfig',
] as const;

export type Fault =
  | {
      readonly kind: 'throttle';
      readonly service: 'sagemaker';
      readonly operation: string;
      readonly count: number;
    }
  | { readonly kind: 'unavailable'; readonly operation: string; readonly count: number }
  | { readonly kind: 'findings-throttled'; readonly count: number }
  | {
      readonly kind: 'locks-throttled';
      readonly operation: 'PutItem' | 'DeleteItem' | 'GetItem';
      readonly count: number;
    }
  | { readonly kind: 'rollback'; readonly endpoint: string; readonly count: number }
  | { readonly kind: 'busy'; readonly endpoint: string; readonly seconds: number }
  | { readonly kind: 'latency'; readonly operation: string; readonly ms: number };

/** A fault and the run (by position in the faulted phase) before which it is switched on. */
export interface ScheduledFault {
  readonly beforeRun: number;
  readonly fault: Fault;
}

function faultArb(endpoints: readonly string[]): fc.Arbitrary<Fault> {
  const operation = fc.constantFrom(...SAGEMAKER_OPERATIONS);
  const kinds: fc.Arbitrary<Fault>[] = [
    fc.record({
      kind: fc.constant('throttle' as const),
      service: fc.constant('sagemaker' as const),
      operation,
      count: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({
      kind: fc.constant('unavailable' as const),
      operation,
      count: fc.integer({ min: 1, max: 2 }),
    }),
    fc.record({ kind: fc.constant('findings-throttled' as const), count: fc.integer({ min: 1, max: 3 }) }),
    fc.record({
      kind: fc.constant('locks-throttled' as const),
      operation: fc.constantFrom('PutItem' as const, 'DeleteItem' as const, 'GetItem' as const),
      count: fc.integer({ min: 1, max: 3 }),
    }),
    fc.record({ kind: fc.constant('latency' as const), operation, ms: fc.integer({ min: 1, max: 3 }) }),
  ];
  if (endpoints.length > 0) {
    const endpoint = fc.constantFrom(...endpoints);
    kinds.push(
      fc.record({ kind: fc.constant('rollback' as const), endpoint, count: fc.integer({ min: 1, max: 2 }) }),
      fc.record({ kind: fc.constant('busy' as const), endpoint, seconds: fc.integer({ min: 30, max: 900 }) }),
    );
  }
  return fc.oneof(...kinds);
}

export type RetryBudgets = Readonly<Record<string, number>>;

/**
 * How many scripted failures in a row the workflow's Retry clauses absorb for a call it cannot do without:
 * a lock release (DynamoDB, MaxAttempts 5) and a note on the finding (a Record step, MaxAttempts 10). Beyond
 * them the fault is an outage, not a transient fault: see "Beyond the retry budgets" in docs/reliability.md.
 */
export const WORKFLOW_RETRY_BUDGETS: RetryBudgets = {
  'dynamodb:DeleteItem': 5,
  'dynamodb:PutItem': 5,
  'dynamodb:GetItem': 5,
  'securityhub:BatchUpdateFindings': 10,
};

/** `sm5 remediate`: the SDK's own retries (5 attempts, as the CLI configures its clients) are all there is. */
export const LOCAL_RETRY_BUDGETS: RetryBudgets = {
  'securityhub:BatchUpdateFindings': 4,
};

function budgetKey(fault: Fault): string | undefined {
  if (fault.kind === 'locks-throttled') return `dynamodb:${fault.operation}`;
  if (fault.kind === 'findings-throttled') return 'securityhub:BatchUpdateFindings';
  return undefined;
}

/** Drops the faults that would push a call past its retry budget (scripted counts add up). */
export function withinBudgets(schedule: readonly ScheduledFault[], budgets: RetryBudgets): ScheduledFault[] {
  const used = new Map<string, number>();
  return schedule.filter(({ fault }) => {
    const key = budgetKey(fault);
    if (key === undefined || !('count' in fault)) return true;
    const total = (used.get(key) ?? 0) + fault.count;
    if (total > (budgets[key] ?? Number.POSITIVE_INFINITY)) return false;
    used.set(key, total);
    return true;
  });
}

export function scheduleArb(
  account: AccountShape,
  runs: number,
  budgets: RetryBudgets = WORKFLOW_RETRY_BUDGETS,
): fc.Arbitrary<ScheduledFault[]> {
  return fc
    .array(
      fc.record({
        beforeRun: fc.integer({ min: 0, max: Math.max(0, runs - 1) }),
        fault: faultArb(account.endpoints.map((e) => e.name)),
      }),
      { maxLength: 6 },
    )
    .map((schedule) => withinBudgets(schedule, budgets));
}

/** Switches the fault on in the sandbox. */
export function inject(faults: FaultController, fault: Fault): void {
  switch (fault.kind) {
    case 'throttle':
      faults.failNext(
        { service: 'sagemaker', operation: fault.operation },
        { code: 'ThrottlingException', message: 'Rate exceeded' },
        fault.count,
      );
      return;
    case 'unavailable':
      faults.failNext(
        { service: 'sagemaker', operation: fault.operation },
        {
          code: 'InternalFailure',
          message: 'We encountered an internal error. Please try again.',
          status: 500,
        },
        fault.count,
      );
      return;
    case 'findings-throttled':
      faults.failNext(
        { service: 'securityhub', operation: 'BatchUpdateFindings' },
        { code: 'TooManyRequestsException', message: 'Too Many Requests', status: 429 },
        fault.count,
      );
      return;
    case 'locks-throttled':
      faults.failNext(
        { service: 'dynamodb', operation: fault.operation },
        {
          code: 'ProvisionedThroughputExceededException',
          message: 'The level of configured provisioned throughput for the table was exceeded.',
        },
        fault.count,
      );
      return;
    case 'rollback':
      faults.failNextEndpointUpdate(fault.endpoint, 'health check failed on the new fleet', fault.count);
      return;
    case 'busy':
      faults.holdEndpointBusy(fault.endpoint, fault.seconds);
      return;
    case 'latency':
      faults.setLatency(fault.ms, { service: 'sagemaker', operation: fault.operation });
      return;
  }
}
