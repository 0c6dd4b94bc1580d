import type { Message } from '@aws-sdk/client-sqs';
import { deadLetterAttributes } from '@fluxa/models';
import type { QueueMessage } from '@fluxa/queue';
import { maxReceivesCode } from './errorCodes';

/** A DLQ message as the CLI shows and redrives it. */
export interface DlqMessage {
  messageId: string;
  receiptHandle: string;
  /**
   * The message as the main queue had it: its body and its own attributes (event_id,
   * correlation_id), without the dead-letter ones. This is what a redrive sends.
   */
  original: QueueMessage;
  errorCode: string;
  errorMessage: string;
  failedAt?: string;
  /** When the message was first sent (SQS SentTimestamp), epoch ms. */
  sentAt?: number;
  eventId?: string;
  correlationId?: string;
  sourceMessageId?: string;
  /** How many times the main queue delivered it before the processor gave up; unknown when SQS moved it. */
  receiveCount?: number;
}

const deadLetterNames: ReadonlySet<string> = new Set(Object.values(deadLetterAttributes));

/**
 * The attributes that have a string value. Fluxa's messages carry string attributes only,
 * and a redrive sends them back as such (through `@fluxa/queue`).
 */
function stringAttributes(message: Message): Record<string, string> {
  return Object.fromEntries(
    Object.entries(message.MessageAttributes ?? {}).flatMap(([name, value]) =>
      value.StringValue === undefined ? [] : [[name, value.StringValue]],
    ),
  );
}

function eventIdOfBody(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const eventId = (parsed as { event_id?: unknown } | null)?.event_id;
    return typeof eventId === 'string' ? eventId : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an SQS message of the DLQ: the original message, the dead-letter reason, ids, timestamps. */
export function toDlqMessage(message: Message): DlqMessage {
  const body = message.Body ?? '';
  const attributes = stringAttributes(message);
  const reason = (name: keyof typeof deadLetterAttributes) =>
    attributes[deadLetterAttributes[name]] || undefined;
  const errorCode = reason('errorCode');
  const sent = Number(message.Attributes?.SentTimestamp);
  const receiveCount = Number(reason('receiveCount'));
  const eventId = attributes.event_id || eventIdOfBody(body);
  const correlationId = attributes.correlation_id || undefined;
  const failedAt = reason('failedAt');
  const sourceMessageId = reason('sourceMessageId');
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    original: {
      body,
      attributes: Object.fromEntries(
        Object.entries(attributes).filter(([name]) => !deadLetterNames.has(name)),
      ),
    },
    errorCode: errorCode ?? maxReceivesCode,
    errorMessage:
      reason('errorMessage') ??
      (errorCode ? '' : 'moved here by SQS after maxReceiveCount failed receives'),
    ...(failedAt ? { failedAt } : {}),
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: sent } : {}),
    ...(eventId ? { eventId } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(sourceMessageId ? { sourceMessageId } : {}),
    ...(Number.isInteger(receiveCount) && receiveCount > 0 ? { receiveCount } : {}),
  };
}

/** How long ago the message failed (failed_at, else when it was sent), in ms; undefined if unknown. */
export function ageMs(message: DlqMessage, now: number): number | undefined {
  const since = message.failedAt ? Date.parse(message.failedAt) : message.sentAt;
  return since !== undefined && Number.isFinite(since) ? Math.max(0, now - since) : undefined;
}
