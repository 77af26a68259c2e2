/**
 * `arn:aws:states:::sns:publish[.waitForTaskToken]`: the sandbox has no SNS, so published messages land in an
 * outbox that tests, the CLI and the demo read (an approval request, a failure notice).
 */
import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { type JsonValue, toJson } from '../json.ts';
import { sdkMetadata } from './sdk-metadata.ts';
import { TaskError } from './task-error.ts';

export interface OutboxMessage {
  readonly messageId: string;
  readonly topicArn?: string;
  readonly targetArn?: string;
  readonly subject?: string;
  /** As SNS delivers it: a JSON `Message` object arrives serialized. */
  readonly message: string;
  readonly messageAttributes?: JsonValue;
  readonly executionArn: string;
  readonly stateName: string;
  /** The token of the task that published it, for `.waitForTaskToken` publishes. */
  readonly taskToken?: string;
  /** Sandbox-clock milliseconds. */
  readonly publishedAt: number;
}

export interface PublishOrigin {
  readonly executionArn: string;
  readonly stateName: string;
  readonly taskToken?: string;
  readonly now: number;
}

const PublishParameters = z.looseObject({
  TopicArn: z.string().optional(),
  TargetArn: z.string().optional(),
  PhoneNumber: z.string().optional(),
  Message: z.unknown().refine((message) => message !== undefined && message !== null, 'Message is required'),
  Subject: z.string().max(100).optional(),
  MessageAttributes: z.record(z.string(), z.unknown()).optional(),
});

export class Outbox {
  private readonly published: OutboxMessage[] = [];
  private readonly listeners = new Set<(message: OutboxMessage) => void>();

  publish(parameters: JsonValue, origin: PublishOrigin): JsonValue {
    const parsed = PublishParameters.safeParse(parameters);
    if (!parsed.success) {
      throw new TaskError(
        'SNS.InvalidParameterException',
        `Invalid parameter: ${parsed.error.issues.map((issue) => issue.message).join('; ')} ` +
          '(Service: AmazonSNS; Status Code: 400; Error Code: InvalidParameter; Proxy: null)',
      );
    }
    const { TopicArn, TargetArn, Subject, Message, MessageAttributes } = parsed.data;
    const message: OutboxMessage = {
      messageId: randomUUID(),
      topicArn: TopicArn,
      targetArn: TargetArn,
      subject: Subject,
      message: typeof Message === 'string' ? Message : JSON.stringify(Message),
      messageAttributes: MessageAttributes === undefined ? undefined : toJson(MessageAttributes),
      executionArn: origin.executionArn,
      stateName: origin.stateName,
      taskToken: origin.taskToken,
      publishedAt: origin.now,
    };
    this.published.push(message);
    for (const listener of this.listeners) listener(message);
    return toJson({ MessageId: message.messageId, ...sdkMetadata(randomUUID(), 200, 'text/xml') });
  }

  /** Every message so far, oldest first; optionally only those of one execution or topic. */
  messages(filter: { executionArn?: string; topicArn?: string } = {}): OutboxMessage[] {
    return this.published.filter(
      (message) =>
        (filter.executionArn === undefined || message.executionArn === filter.executionArn) &&
        (filter.topicArn === undefined || message.topicArn === filter.topicArn),
    );
  }

  /** Resolves with the first message (already published or future) that satisfies `predicate`. */
  waitFor(predicate: (message: OutboxMessage) => boolean): Promise<OutboxMessage> {
    const found = this.published.find(predicate);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve) => {
      const listener = (message: OutboxMessage): void => {
        if (!predicate(message)) return;
        this.listeners.delete(listener);
        resolve(message);
      };
      this.listeners.add(listener);
    });
  }

  clear(): void {
    this.published.length = 0;
  }
}
