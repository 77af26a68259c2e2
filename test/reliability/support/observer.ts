/**
 * Watches the emulated SageMaker account at every point where it can change, and checks I1 and I2 there.
 *
 * The sandbox changes SageMaker state in two places only: a request's handler, and the clock-driven
 * transitions the store applies in `tick()`. The server calls `tick()` before each request (and the clock
 * after each advance), so wrapping it gives an observation before and after the transitions at every
 * request: every change is seen before the next one can happen. A final `observe()` after a run sees the
 * effect of its last request. Nothing in the sandbox is changed; the wrapper only reads.
 *
 * I1: no endpoint points at a config or model that no longer exists (its running config, the config it is
 *     being moved to, and every model either names).
 * I2: an original (present when the observer started) model or config disappears only while every endpoint
 *     that ever ran it is InService, with nothing pending, on a config that no longer runs it and whose
 *     models are all isolated (or allowed to stay open: exempt, serverless), and only after a DescribeEndpoint
 *     of that endpoint answered in that state (the request log: a 200 DescribeEndpoint of the endpoint at
 *     or after the moment it reached the state, before the Delete call).
 */

import type { Deployment, EndpointRecord } from '../../../src/local/sagemaker/state.ts';
import type { RequestLogEntry, Sandbox } from '../../../src/local/sandbox.ts';

export interface DeploymentView {
  readonly configName: string;
  readonly models: readonly string[];
}

export interface EndpointView {
  readonly name: string;
  /** The raw status (a platform update the faults script shows as SystemUpdating is InService here). */
  readonly status: string;
  readonly configName: string;
  readonly current: DeploymentView | null;
  readonly pending: DeploymentView | null;
}

export interface AccountView {
  /** Clock time (ms). */
  readonly at: number;
  /** Exact model name → whether it has network isolation. */
  readonly models: ReadonlyMap<string, boolean>;
  readonly configs: ReadonlySet<string>;
  readonly endpoints: readonly EndpointView[];
}

export interface ObserverOptions {
  /** Models that may keep running without isolation (exempt, on a serverless variant elsewhere). */
  readonly mayStayOpen?: Iterable<string>;
}

type Sandboxish = Pick<Sandbox, 'store' | 'requestLog'>;

function deploymentView(deployment: Deployment | undefined): DeploymentView | null {
  if (deployment === undefined) return null;
  const models = [...deployment.variants, ...deployment.shadowVariants].flatMap((v) =>
    v.modelName === undefined ? [] : [v.modelName],
  );
  return { configName: deployment.configName, models };
}

function endpointView(endpoint: EndpointRecord): EndpointView {
  return {
    name: endpoint.name,
    status: endpoint.status,
    configName: endpoint.configName,
    current: deploymentView(endpoint.current),
    pending: deploymentView(endpoint.pending),
  };
}

/** The account as it is now, read straight from the emulator's state. */
export function viewAccount(sb: Pick<Sandbox, 'store'>): AccountView {
  const state = sb.store.sagemaker;
  return {
    at: sb.store.clock.now(),
    models: new Map(
      [...state.models.values()].map((m) => [m.name, m.input.EnableNetworkIsolation === true] as const),
    ),
    configs: new Set([...state.endpointConfigs.values()].map((c) => c.name)),
    endpoints: [...state.endpoints.values()].map(endpointView).sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
}

function stateKey(endpoint: EndpointView): string {
  return `${endpoint.status}|${endpoint.current?.configName ?? ''}|${endpoint.pending?.configName ?? ''}`;
}

function seconds(at: number, origin: number): string {
  return `t+${Math.round((at - origin) / 1000)}s`;
}

export class AccountObserver {
  readonly violations: string[] = [];
  readonly origin: number;
  private readonly originalModels: ReadonlySet<string>;
  private readonly originalConfigs: ReadonlySet<string>;
  private readonly mayStayOpen: ReadonlySet<string>;
  /** `model:<name>` / `config:<name>` of an original → every endpoint seen running it. */
  private readonly usedBy = new Map<string, Set<string>>();
  /** Endpoint → its state key and the clock time it entered that state. */
  private readonly since = new Map<string, { key: string; at: number }>();
  private last: AccountView;
  private readonly restore: () => void;
  private observations = 0;

  constructor(
    private readonly sb: Sandboxish,
    options: ObserverOptions = {},
  ) {
    this.last = viewAccount(sb);
    this.origin = this.last.at;
    this.originalModels = new Set(this.last.models.keys());
    this.originalConfigs = new Set(this.last.configs);
    this.mayStayOpen = new Set(options.mayStayOpen ?? []);
    this.record(this.last);
    this.checkReferences(this.last);
    const store = sb.store;
    const tick = store.tick.bind(store);
    store.tick = () => {
      this.observe();
      tick();
      this.observe();
    };
    this.restore = () => {
      store.tick = tick;
    };
  }

  /** How many times the account was looked at. */
  get count(): number {
    return this.observations;
  }

  /** The account as it is now. */
  view(): AccountView {
    return viewAccount(this.sb);
  }

  /** Looks at the account now; call it once more after a run to see its last request's effect. */
  observe(): void {
    this.observations += 1;
    const now = viewAccount(this.sb);
    this.record(now);
    this.checkReferences(now);
    this.checkRetirements(this.last, now);
    this.last = now;
  }

  /** Stops watching; returns every violation seen. */
  detach(): string[] {
    this.observe();
    this.restore();
    return [...this.violations];
  }

  private record(view: AccountView): void {
    for (const endpoint of view.endpoints) {
      const key = stateKey(endpoint);
      if (this.since.get(endpoint.name)?.key !== key) this.since.set(endpoint.name, { key, at: view.at });
      for (const deployment of [endpoint.current, endpoint.pending]) {
        if (deployment === null) continue;
        if (this.originalConfigs.has(deployment.configName))
          this.use(`config:${deployment.configName}`, endpoint);
        for (const model of deployment.models) {
          if (this.originalModels.has(model)) this.use(`model:${model}`, endpoint);
        }
      }
    }
  }

  private use(resource: string, endpoint: EndpointView): void {
    const users = this.usedBy.get(resource) ?? new Set<string>();
    users.add(endpoint.name);
    this.usedBy.set(resource, users);
  }

  private flag(message: string): void {
    // One report per distinct problem: an endpoint left dangling is seen at every later observation.
    if (!this.violations.includes(message)) this.violations.push(message);
  }

  private checkReferences(view: AccountView): void {
    for (const endpoint of view.endpoints) {
      const configs = new Set([endpoint.configName]);
      for (const d of [endpoint.current, endpoint.pending]) if (d !== null) configs.add(d.configName);
      for (const config of configs) {
        if (!view.configs.has(config)) {
          this.flag(
            `I1: endpoint ${endpoint.name} points at endpoint config ${config}, which no longer exists`,
          );
        }
      }
      for (const d of [endpoint.current, endpoint.pending]) {
        for (const model of d?.models ?? []) {
          if (!view.models.has(model)) {
            this.flag(
              `I1: endpoint ${endpoint.name} (config ${d?.configName}) runs model ${model}, which no longer exists`,
            );
          }
        }
      }
    }
  }

  private checkRetirements(before: AccountView, after: AccountView): void {
    for (const model of before.models.keys()) {
      if (this.originalModels.has(model) && !after.models.has(model)) this.retired('model', model, after);
    }
    for (const config of before.configs) {
      if (this.originalConfigs.has(config) && !after.configs.has(config))
        this.retired('config', config, after);
    }
  }

  private retired(kind: 'model' | 'config', name: string, view: AccountView): void {
    const operation = kind === 'model' ? 'DeleteModel' : 'DeleteEndpointConfig';
    const member = kind === 'model' ? 'ModelName' : 'EndpointConfigName';
    const log = this.sb.requestLog;
    const deleteAt = findLastIndex(
      log,
      (e) => e.operation === operation && e.status === 200 && inputOf(e, member) === name,
    );
    const when = seconds(view.at, this.origin);
    if (deleteAt < 0) {
      this.flag(`I2: original ${kind} ${name} vanished at ${when} without a ${operation} call`);
      return;
    }
    for (const endpointName of this.usedBy.get(`${kind}:${name}`) ?? []) {
      const endpoint = view.endpoints.find((e) => e.name === endpointName);
      if (endpoint === undefined) continue;
      const problem = this.unverified(kind, name, endpoint, view, deleteAt);
      if (problem !== null) {
        this.flag(
          `I2: original ${kind} ${name} was deleted at ${when} while endpoint ${endpointName} ${problem}`,
        );
      }
    }
  }

  /** Why the endpoint was not verified on an isolated replacement of `name` before `deleteAt`, or null. */
  private unverified(
    kind: 'model' | 'config',
    name: string,
    endpoint: EndpointView,
    view: AccountView,
    deleteAt: number,
  ): string | null {
    const current = endpoint.current;
    if (endpoint.status !== 'InService' || endpoint.pending !== null || current === null) {
      return `was ${endpoint.status}${endpoint.pending ? ` moving to ${endpoint.pending.configName}` : ''}`;
    }
    if (kind === 'config' && current.configName === name) return `still ran it`;
    if (kind === 'model' && current.models.includes(name))
      return `still ran it (config ${current.configName})`;
    const open = current.models.filter((m) => view.models.get(m) !== true && !this.mayStayOpen.has(m));
    if (open.length > 0) {
      return `ran config ${current.configName} whose model(s) ${open.join(', ')} are not isolated`;
    }
    const reachedAt = this.since.get(endpoint.name)?.at ?? this.origin;
    const log = this.sb.requestLog;
    let verified = false;
    for (let i = 0; i < deleteAt && !verified; i++) {
      const e = log[i];
      verified =
        e !== undefined &&
        e.operation === 'DescribeEndpoint' &&
        e.status === 200 &&
        e.at >= reachedAt &&
        inputOf(e, 'EndpointName') === endpoint.name;
    }
    return verified ? null : `was InService on ${current.configName}, but no DescribeEndpoint had seen it so`;
  }
}

function inputOf(entry: RequestLogEntry, member: string): unknown {
  const input = entry.input;
  return typeof input === 'object' && input !== null ? Reflect.get(input, member) : undefined;
}

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (item !== undefined && test(item)) return i;
  }
  return -1;
}
