import type { Message } from '@aws-sdk/client-sqs';
import { deadLetterAttributes } from '@fluxa/models';
import { decodeEnvelope, type QueueMessage } from '@fluxa/queue';
import type { PayloadLocation } from '@fluxa/storage';
import { formatDuration } from '../format';
import { fitToTerminal, formatTable, type TextSink } from '../output';
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
  /** The event's tenant: the envelope's (`default` for a version 1 envelope); unknown when malformed. */
  tenantId?: string;
  /** The event's user, when the payload travels inside the message (INLINE). */
  userId?: string;
  /** Where the payload is, when it travels in S3. */
  payloadObject?: PayloadLocation;
  /** The SHA-256 of its payload, as ingest computed it: the stored event of this letter has it. */
  payloadSha256?: string;
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

/** What a letter's body says of its event: ids, tenant, and its user or its payload's object. */
function eventOfBody(
  body: string,
): Pick<DlqMessage, 'eventId' | 'tenantId' | 'userId' | 'payloadObject' | 'payloadSha256'> {
  try {
    const envelope = decodeEnvelope(body);
    const described = {
      eventId: envelope.event_id,
      tenantId: envelope.tenant_id,
      payloadSha256: envelope.payload_sha256,
    };
    if (envelope.s3_bucket !== undefined && envelope.s3_key !== undefined) {
      return { ...described, payloadObject: { bucket: envelope.s3_bucket, key: envelope.s3_key } };
    }
    const payload: unknown = JSON.parse(envelope.payload_inline ?? '');
    const userId = (payload as { user_id?: unknown } | null)?.user_id;
    return typeof userId === 'string' ? { ...described, userId } : described;
  } catch {
    // Not an envelope ingest writes (MALFORMED_ENVELOPE): its event is unknown.
    return {};
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
  // The envelope's tenant is the one the processor acts on; the attribute only mirrors it.
  const { tenantId = attributes.tenant_id || undefined, ...event } = eventOfBody(body);
  return {
    ...event,
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
    failedAt: reason('failedAt'),
    sentAt: sent > 0 ? sent : undefined,
    eventId: attributes.event_id || event.eventId,
    tenantId,
    correlationId: attributes.correlation_id || undefined,
    sourceMessageId: reason('sourceMessageId'),
    receiveCount: Number.isInteger(receiveCount) && receiveCount > 0 ? receiveCount : undefined,
  };
}

/** A dead letter as the commands print it with --json. */
export function letterJson(letter: DlqMessage, now = Date.now()) {
  const age = ageMs(letter, now);
  return {
    message_id: letter.messageId,
    tenant_id: letter.tenantId ?? null,
    event_id: letter.eventId ?? null,
    correlation_id: letter.correlationId ?? null,
    error_code: letter.errorCode,
    error_message: letter.errorMessage,
    failed_at: letter.failedAt ?? null,
    age_seconds: age === undefined ? null : Math.round(age / 1000),
    source_message_id: letter.sourceMessageId ?? null,
    receive_count: letter.receiveCount ?? null,
    body: letter.original.body,
  };
}

/** How long ago the message failed (failed_at, else when it was sent), in ms; undefined if unknown. */
export function ageMs(message: DlqMessage, now: number): number | undefined {
  const since = message.failedAt ? Date.parse(message.failedAt) : message.sentAt;
  return since !== undefined && Number.isFinite(since) ? Math.max(0, now - since) : undefined;
}

/**
 * Dead letters as a table cut to the terminal's width. With `stored` (what the API says of each
 * letter's event), as dlq ls shows them: with their receives and that column.
 */
export function letterTable(letters: DlqMessage[], sink: TextSink, stored?: string[]): string[] {
  const now = Date.now();
  const listing = stored !== undefined;
  const rows = letters.map((letter, index) => {
    const age = ageMs(letter, now);
    return [
      age === undefined ? '?' : formatDuration(age),
      letter.errorCode,
      ...(listing ? [letter.receiveCount === undefined ? '-' : String(letter.receiveCount)] : []),
      letter.tenantId ?? '-',
      letter.eventId ?? '-',
      ...(listing ? [stored[index] ?? 'unknown'] : []),
      letter.messageId,
      letter.errorMessage || '-',
    ];
  });
  const headers = [
    ...['AGE', 'ERROR_CODE', ...(listing ? ['RECEIVES'] : []), 'TENANT', 'EVENT_ID'],
    ...[...(listing ? ['STORED'] : []), 'MESSAGE_ID', 'REASON'],
  ];
  return fitToTerminal(formatTable(headers, rows), sink);
}
