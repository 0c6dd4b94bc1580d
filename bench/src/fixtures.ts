import type { EventInput } from '@fluxa/models';
import { canonicalizeEvent } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, type QueueMessage, sqsRecordFrom } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** Size of the canonical payload every benchmark event has ("1 KB events"). */
export const eventPayloadBytes = 1024;

const region = 'us-east-1';
const merchants = ['Coffee Corner', 'Book Nook', 'Fuel Stop', 'Grocer & Sons', 'Cinema 9'];

/**
 * A valid event whose canonical JSON is exactly `eventPayloadBytes` long:
 * realistic fields, metadata padded to size.
 */
export function benchEvent(eventId: string, index: number, users = 1_000): EventInput {
  const event = {
    event_id: eventId,
    user_id: `user-${index % users}`,
    amount: Number(((index % 100_000) / 100 + 0.01).toFixed(2)),
    currency: 'USD',
    merchant: merchants[index % merchants.length] as string,
    timestamp: new Date(Date.UTC(2026, 0, 1) + index * 1_000).toISOString(),
    metadata: { channel: 'web', order: `order-${index}`, note: '' },
  };
  const padding = eventPayloadBytes - canonicalizeEvent(event, eventId).json.length;
  event.metadata.note = filler(Math.max(0, padding), index);
  return event;
}

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Deterministic, hardly compressible text (a run of 'x' would flatter any compression). */
function filler(length: number, seed: number): string {
  let state = (seed * 2_654_435_761 + 1) >>> 0;
  let text = '';
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    text += alphabet[(state >>> 16) % alphabet.length];
  }
  return text;
}

/** The SQS message ingest would send for an event: canonical payload, hash, INLINE envelope. */
export function queueMessageFor(
  event: EventInput,
  eventId: string,
  receivedAt = new Date(),
): QueueMessage {
  const { json } = canonicalizeEvent(event, eventId);
  return encodeEnvelope(
    inlineEnvelope({
      eventId,
      correlationId: `corr-${eventId}`,
      payload: json,
      sha256: sha256Hex(json),
      receivedAt,
    }),
  );
}

/** The Lambda record the event source mapping would hand the processor for a message. */
export function sqsRecordOf(message: QueueMessage, messageId: string, queueArn: string): SQSRecord {
  return sqsRecordFrom(
    {
      MessageId: messageId,
      ReceiptHandle: `receipt-${messageId}`,
      Body: message.body,
      MessageAttributes: Object.fromEntries(
        Object.entries(message.attributes).map(([name, value]) => [
          name,
          { DataType: 'String', StringValue: value },
        ]),
      ),
    },
    queueArn,
    region,
  );
}

/**
 * `count` fresh events (ids `<prefix>-<n>`) as SQS batches of `batchSize`:
 * built ahead of the timed section, so receiving is not what is measured.
 */
export function sqsBatches(
  prefix: string,
  count: number,
  batchSize: number,
  queueArn: string,
): SQSEvent[] {
  const batches: SQSEvent[] = [];
  for (let start = 0; start < count; start += batchSize) {
    const records: SQSRecord[] = [];
    for (let i = start; i < Math.min(count, start + batchSize); i++) {
      const eventId = `${prefix}-${i}`;
      records.push(
        sqsRecordOf(queueMessageFor(benchEvent(eventId, i), eventId), eventId, queueArn),
      );
    }
    batches.push({ Records: records });
  }
  return batches;
}
