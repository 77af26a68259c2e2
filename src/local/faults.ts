/**
 * Faults the sandbox injects, switched on by a scenario's `faults` section or at run time through
 * `sandbox.faults`. The generic ones (latency, rate limits, scripted errors) apply to every service and are
 * addressed by service name and operation (`*` for any); the SageMaker ones script how endpoint
 * deployments end. Latency and rate limits run on real time (they model the cost of the API), everything
 * else on the sandbox clock.
 */
import * as z from 'zod';
import { ServiceError } from './service.ts';

const ServiceName = z.string().min(1).describe('a sandbox service name such as sagemaker, or * for any');
const OperationName = z.string().min(1).describe('an operation name such as DescribeModel, or * for any');

export const FaultRule = z.strictObject({
  service: ServiceName.default('*'),
  operation: OperationName.default('*'),
  /** Added to every matching call, in real milliseconds. */
  latencyMs: z.number().int().min(0).optional(),
  /** Calls per real second allowed for each matching operation separately; beyond it: throttled. */
  ratePerSecond: z.number().positive().optional(),
  /** Bucket size for the rate limit; defaults to one second's worth of calls. */
  burst: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof FaultRule>;

export const ScriptedError = z.strictObject({
  service: ServiceName.default('sagemaker'),
  operation: OperationName,
  /** Only calls whose top-level request members equal these values (e.g. `{"EndpointName": "a"}`). */
  match: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  code: z.string().min(1),
  message: z.string().default(''),
  status: z.number().int().min(400).max(599).default(400),
  /** How many matching calls fail before the fault is used up. */
  count: z.number().int().min(1).default(1),
});
export type ScriptedError = z.infer<typeof ScriptedError>;

const EndpointName = z.string().regex(/^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/, 'not a SageMaker endpoint name');

export const EndpointDeploymentFailure = z.strictObject({
  endpointName: EndpointName,
  /** The FailureReason to report; a health-check failure text when absent. */
  reason: z.string().optional(),
  count: z.number().int().min(1).default(1),
});
export type EndpointDeploymentFailure = z.infer<typeof EndpointDeploymentFailure>;

export const BusyEndpoint = z.strictObject({
  endpointName: EndpointName,
  /** Sandbox-clock seconds during which the endpoint shows SystemUpdating and refuses updates. */
  seconds: z.number().positive(),
});

export const FaultsConfig = z.strictObject({
  /** Added to every call of every service, in real milliseconds (a rule's latencyMs replaces it). */
  latencyMs: z.number().int().min(0).default(0),
  rules: z.array(FaultRule).default([]),
  errors: z.array(ScriptedError).default([]),
  /** The next UpdateEndpoint of each named endpoint rolls back to the old config with this reason. */
  failEndpointUpdates: z.array(EndpointDeploymentFailure).default([]),
  /** The next CreateEndpoint of each named endpoint ends Failed. */
  failEndpointCreates: z.array(EndpointDeploymentFailure).default([]),
  busyEndpoints: z.array(BusyEndpoint).default([]),
});
export type FaultsConfig = z.infer<typeof FaultsConfig>;
export type FaultsConfigInput = z.input<typeof FaultsConfig>;

export interface FaultScope {
  service?: string;
  operation?: string;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

interface PendingFailure {
  reason: string | undefined;
  remaining: number;
}

function specificity(rule: { service: string; operation: string }): number {
  return (rule.service === '*' ? 0 : 2) + (rule.operation === '*' ? 0 : 1);
}

function covers(rule: { service: string; operation: string }, service: string, operation: string): boolean {
  return (
    (rule.service === '*' || rule.service === service) &&
    (rule.operation === '*' || rule.operation === operation)
  );
}

export class FaultController {
  private defaultLatencyMs = 0;
  private rules: FaultRule[] = [];
  private errors: ScriptedError[] = [];
  private readonly updateFailures = new Map<string, PendingFailure>();
  private readonly createFailures = new Map<string, PendingFailure>();
  private readonly busy = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clockNow: () => number,
    private readonly realNow: () => number = () => performance.now(),
  ) {}

  /** Replaces every fault with those of `config` (the scenario's `faults` shape). */
  configure(input: FaultsConfigInput): void {
    const config = FaultsConfig.parse(input);
    this.reset();
    this.defaultLatencyMs = config.latencyMs;
    this.rules = [...config.rules];
    this.errors = config.errors.map((e) => ({ ...e }));
    for (const f of config.failEndpointUpdates)
      this.failNextEndpointUpdate(f.endpointName, f.reason, f.count);
    for (const f of config.failEndpointCreates)
      this.failNextEndpointCreate(f.endpointName, f.reason, f.count);
    for (const b of config.busyEndpoints) this.holdEndpointBusy(b.endpointName, b.seconds);
  }

  reset(): void {
    this.defaultLatencyMs = 0;
    this.rules = [];
    this.errors = [];
    this.updateFailures.clear();
    this.createFailures.clear();
    this.busy.clear();
    this.buckets.clear();
  }

  /** Latency for every call matching `scope` (default: every call of every service). */
  setLatency(ms: number, scope: FaultScope = {}): void {
    if (scope.service === undefined && scope.operation === undefined) {
      this.defaultLatencyMs = ms;
      return;
    }
    this.addRule({ ...scope, latencyMs: ms });
  }

  /** A per-operation rate limit for every operation matching `scope`; `ratePerSecond` null removes it. */
  setRateLimit(scope: FaultScope, ratePerSecond: number | null, burst?: number): void {
    const service = scope.service ?? '*';
    const operation = scope.operation ?? '*';
    this.rules = this.rules.filter(
      (r) => !(r.service === service && r.operation === operation && r.ratePerSecond !== undefined),
    );
    this.buckets.clear();
    if (ratePerSecond !== null) this.addRule({ service, operation, ratePerSecond, burst });
  }

  /** The next `count` calls matching the scope (and `match`) answer `code`. */
  failNext(
    scope: FaultScope & { operation: string; match?: ScriptedError['match'] },
    error: { code: string; message?: string; status?: number },
    count = 1,
  ): void {
    this.errors.push(ScriptedError.parse({ ...scope, ...error, count }));
  }

  failNextEndpointUpdate(endpointName: string, reason?: string, count = 1): void {
    this.updateFailures.set(endpointName, { reason, remaining: count });
  }

  failNextEndpointCreate(endpointName: string, reason?: string, count = 1): void {
    this.createFailures.set(endpointName, { reason, remaining: count });
  }

  /** The endpoint shows SystemUpdating (and refuses UpdateEndpoint) for `seconds` of sandbox time. */
  holdEndpointBusy(endpointName: string, seconds: number): void {
    this.busy.set(endpointName, this.clockNow() + seconds * 1000);
  }

  // ---- used by the server and the services ----

  latencyFor(service: string, operation: string): number {
    const rule = this.mostSpecific(service, operation, (r) => r.latencyMs !== undefined);
    return rule?.latencyMs ?? this.defaultLatencyMs;
  }

  /** Takes a token from the operation's bucket; false means the call is throttled. */
  admit(service: string, operation: string): boolean {
    const rule = this.mostSpecific(service, operation, (r) => r.ratePerSecond !== undefined);
    if (rule?.ratePerSecond === undefined) return true;
    const capacity = rule.burst ?? Math.max(1, Math.ceil(rule.ratePerSecond));
    const key = `${service}:${operation}`;
    const now = this.realNow();
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * rule.ratePerSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Consumes one matching scripted error, if any. `input` is the parsed request (JSON services). */
  takeScriptedError(service: string, operation: string, input: unknown): ServiceError | undefined {
    const index = this.errors.findIndex(
      (e) => e.count > 0 && covers(e, service, operation) && matchesInput(e.match, input),
    );
    const found = this.errors[index];
    if (found === undefined) return undefined;
    found.count -= 1;
    if (found.count === 0) this.errors.splice(index, 1);
    return new ServiceError(found.code, found.message, found.status);
  }

  /** `undefined` when the update should proceed normally; otherwise the failure (with optional reason). */
  takeEndpointUpdateFailure(endpointName: string): { reason: string | undefined } | undefined {
    return take(this.updateFailures, endpointName);
  }

  takeEndpointCreateFailure(endpointName: string): { reason: string | undefined } | undefined {
    return take(this.createFailures, endpointName);
  }

  isEndpointBusy(endpointName: string): boolean {
    const until = this.busy.get(endpointName);
    if (until === undefined) return false;
    if (this.clockNow() < until) return true;
    this.busy.delete(endpointName);
    return false;
  }

  private addRule(rule: z.input<typeof FaultRule>): void {
    this.rules.push(FaultRule.parse(rule));
  }

  private mostSpecific(
    service: string,
    operation: string,
    has: (rule: FaultRule) => boolean,
  ): FaultRule | undefined {
    let best: FaultRule | undefined;
    for (const rule of this.rules) {
      if (!has(rule) || !covers(rule, service, operation)) continue;
      // Later rules win ties, so a rule set at run time overrides the scenario's.
      if (best === undefined || specificity(rule) >= specificity(best)) best = rule;
    }
    return best;
  }
}

function take(map: Map<string, PendingFailure>, key: string): { reason: string | undefined } | undefined {
  const pending = map.get(key);
  if (pending === undefined) return undefined;
  pending.remaining -= 1;
  if (pending.remaining <= 0) map.delete(key);
  return { reason: pending.reason };
}

function matchesInput(match: ScriptedError['match'], input: unknown): boolean {
  if (match === undefined) return true;
  if (typeof input !== 'object' || input === null) return false;
  return Object.entries(match).every(([key, value]) => Reflect.get(input, key) === value);
}
