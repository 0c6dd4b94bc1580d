import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';

/** Attributes the processor adds when it dead-letters a message (SPEC §5.3). */
export const deadLetterAttributeNames = [
  'error_code',
  'error_message',
  'failed_at',
  'source_message_id',
] as const;

/**
 * The error code the CLI shows for a DLQ message without an `error_code`: SQS
 * itself moved it after maxReceiveCount failed receives (transient failures).
 */
export const maxReceivesCode = 'MAX_RECEIVES_EXCEEDED';

/** A DLQ message as the CLI shows and redrives it. */
export interface DlqMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: Record<string, MessageAttributeValue>;
  errorCode: string;
  errorMessage: string;
  failedAt?: string;
  /** When the message was first sent (SQS SentTimestamp), epoch ms. */
  sentAt?: number;
  eventId?: string;
  correlationId?: string;
  sourceMessageId?: string;
  receiveCount: number;
}

function stringAttribute(message: Message, name: string): string | undefined {
  const value = message.MessageAttributes?.[name];
  return value?.StringValue !== undefined && value.StringValue !== ''
    ? value.StringValue
    : undefined;
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

/** Reads an SQS message of the DLQ: reason attributes, ids, timestamps. */
export function toDlqMessage(message: Message): DlqMessage {
  const body = message.Body ?? '';
  const errorCode = stringAttribute(message, 'error_code');
  const sent = Number(message.Attributes?.SentTimestamp);
  const eventId = stringAttribute(message, 'event_id') ?? eventIdOfBody(body);
  const correlationId = stringAttribute(message, 'correlation_id');
  const failedAt = stringAttribute(message, 'failed_at');
  const sourceMessageId = stringAttribute(message, 'source_message_id');
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body,
    attributes: message.MessageAttributes ?? {},
    errorCode: errorCode ?? maxReceivesCode,
    errorMessage:
      stringAttribute(message, 'error_message') ??
      (errorCode ? '' : 'moved here by SQS after maxReceiveCount failed receives'),
    ...(failedAt ? { failedAt } : {}),
    ...(Number.isFinite(sent) && sent > 0 ? { sentAt: sent } : {}),
    ...(eventId ? { eventId } : {}),
    ...(correlationId ? { correlationId } : {}),
    ...(sourceMessageId ? { sourceMessageId } : {}),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  };
}

/**
 * The message attributes a redrive sends: the original ones (correlation_id,
 * event_id, …) with their data types, without the processor's dead-letter reason.
 */
export function originalAttributes(
  attributes: Record<string, MessageAttributeValue>,
): Record<string, MessageAttributeValue> {
  const stripped: ReadonlySet<string> = new Set(deadLetterAttributeNames);
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => !stripped.has(name)));
}

/** How long ago the message failed (failed_at, else when it was sent), in ms; undefined if unknown. */
export function ageMs(message: DlqMessage, now: number): number | undefined {
  const since = message.failedAt ? Date.parse(message.failedAt) : message.sentAt;
  return since !== undefined && Number.isFinite(since) ? Math.max(0, now - since) : undefined;
}

/** The byte size SQS counts for a message: body plus attribute names, types and values. */
export function messageBytes(
  body: string,
  attributes: Record<string, MessageAttributeValue>,
): number {
  let size = Buffer.byteLength(body, 'utf8');
  for (const [name, value] of Object.entries(attributes)) {
    size += Buffer.byteLength(name, 'utf8') + Buffer.byteLength(value.DataType ?? '', 'utf8');
    size +=
      Buffer.byteLength(value.StringValue ?? '', 'utf8') + (value.BinaryValue?.byteLength ?? 0);
  }
  return size;
}
