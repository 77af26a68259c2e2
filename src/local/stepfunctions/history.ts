/**
 * An execution's history in the `GetExecutionHistory` shape: ids from 1, each event pointing at the previous
 * event of its own thread of control (the root, or one Map iteration), stamped with the sandbox clock.
 */
import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { SandboxClock } from '../clock.ts';

export type EventDetails = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

export const ROOT_THREAD = 'root';

export class History {
  private readonly recorded: HistoryEvent[] = [];
  private readonly lastByThread = new Map<string, number>();
  private closed = false;

  constructor(private readonly clock: SandboxClock) {}

  get events(): readonly HistoryEvent[] {
    return this.recorded;
  }

  /** Appends an event; after `close` (the execution ended) late events from abandoned work are dropped. */
  add(type: HistoryEventType, details: EventDetails = {}, thread = ROOT_THREAD): HistoryEvent | undefined {
    if (this.closed) return undefined;
    const id = this.recorded.length + 1;
    const previousEventId = this.lastByThread.get(thread) ?? this.recorded.length;
    const event: HistoryEvent = {
      timestamp: new Date(this.clock.now()),
      type,
      id,
      previousEventId,
      ...details,
    };
    this.recorded.push(event);
    this.lastByThread.set(thread, id);
    return event;
  }

  /** Appends the execution's last event and refuses any after it. */
  close(type: HistoryEventType, details: EventDetails = {}): void {
    this.add(type, details);
    this.closed = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  last(): HistoryEvent | undefined {
    return this.recorded.at(-1);
  }
}
