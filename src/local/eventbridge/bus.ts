/**
 * A small EventBridge default bus for the sandbox: rules with event patterns (judged by the domain's
 * matcher, the same patterns the CDK stack deploys) and targets that receive the whole event, as a Step
 * Functions target does when no input transformer is set.
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { assertValidPattern, type EventPattern, matchesPattern } from '../../domain/pattern-match.ts';

/** An event as EventBridge delivers it to targets. */
export const BusEvent = z.looseObject({
  version: z.string(),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.record(z.string(), z.unknown()),
});
export type BusEvent = z.infer<typeof BusEvent>;

/** What a service (or a test) hands the bus: the envelope fields it leaves out are filled in. */
export const EventInput = BusEvent.partial({
  version: true,
  id: true,
  account: true,
  time: true,
  region: true,
  resources: true,
});
export type EventInput = z.input<typeof EventInput>;

export interface RuleTarget {
  readonly id: string;
  /** Delivers the event; resolves with what the target made of it (an execution ARN, say). */
  deliver(event: BusEvent): Promise<string>;
}

export interface BusRule {
  readonly name: string;
  readonly pattern: EventPattern;
  readonly targets: readonly RuleTarget[];
}

/** One event handed to one target, and how it went. */
export interface Delivery {
  readonly eventId: string;
  readonly detailType: string;
  readonly rule: string;
  readonly targetId: string;
  /** What the target returned, e.g. the execution it started. */
  readonly result?: string;
  /** Set when the target refused the event; EventBridge would retry it, then send it to a DLQ. */
  readonly error?: string;
}

export interface EventBusOptions {
  readonly account: string;
  readonly region: string;
  /** Event `time`; default the wall clock. */
  readonly now?: () => number;
}

export class EventBus {
  private readonly ruleList = new Map<string, BusRule>();
  private readonly log: Delivery[] = [];
  private readonly listeners = new Set<(delivery: Delivery) => void>();
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(private readonly options: EventBusOptions) {}

  /** Adds or replaces a rule; the pattern is checked as PutRule checks it. */
  putRule(name: string, pattern: unknown, targets: readonly RuleTarget[]): BusRule {
    assertValidPattern(pattern);
    const rule: BusRule = { name, pattern, targets };
    this.ruleList.set(name, rule);
    return rule;
  }

  removeRule(name: string): void {
    this.ruleList.delete(name);
  }

  get rules(): readonly BusRule[] {
    return [...this.ruleList.values()];
  }

  /** Every delivery so far, in order. */
  get deliveries(): readonly Delivery[] {
    return this.log;
  }

  /** The names of the rules that match the event; nothing is delivered. */
  matchingRules(event: unknown): string[] {
    return this.rules.filter((rule) => matchesPattern(rule.pattern, event)).map((rule) => rule.name);
  }

  /**
   * Puts one event on the bus and resolves once every matching rule's targets have had it. A target that
   * throws is recorded as a failed delivery, as EventBridge records a failed invocation; it does not reject.
   * Something that is not an event (no source, detail-type or detail object) is refused with a ZodError.
   */
  async publish(input: unknown): Promise<Delivery[]> {
    const event = this.complete(input);
    const work = Promise.all(
      this.rules
        .filter((rule) => matchesPattern(rule.pattern, event))
        .flatMap((rule) => rule.targets.map((target) => this.deliver(event, rule, target))),
    );
    this.inFlight.add(work);
    try {
      return await work;
    } finally {
      this.inFlight.delete(work);
    }
  }

  /** Resolves once every delivery started so far has finished (events published from callbacks included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Called after each delivery; returns a function that unsubscribes. */
  onDelivery(listener: (delivery: Delivery) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private complete(input: unknown): BusEvent {
    const parsed = EventInput.parse(input);
    return {
      ...parsed,
      version: parsed.version ?? '0',
      id: parsed.id ?? randomUUID(),
      account: parsed.account ?? this.options.account,
      time:
        parsed.time ?? new Date(this.options.now?.() ?? Date.now()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: parsed.region ?? this.options.region,
      resources: parsed.resources ?? [],
    };
  }

  private async deliver(event: BusEvent, rule: BusRule, target: RuleTarget): Promise<Delivery> {
    const base = {
      eventId: event.id,
      detailType: event['detail-type'],
      rule: rule.name,
      targetId: target.id,
    };
    let delivery: Delivery;
    try {
      delivery = { ...base, result: await target.deliver(event) };
    } catch (error) {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      delivery = { ...base, error: message };
    }
    this.log.push(delivery);
    for (const listener of this.listeners) listener(delivery);
    return delivery;
  }
}
