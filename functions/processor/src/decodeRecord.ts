import type { S3Client } from '@aws-sdk/client-s3';
import type { NewEvent } from '@fluxa/db';
import { parseJson, type QueueEnvelope, validateEvent } from '@fluxa/models';
import { decodeEnvelope, type QueueMessage } from '@fluxa/queue';
import { getPayload, sha256Hex } from '@fluxa/storage';
import type { SQSRecord } from 'aws-lambda';
import { HashMismatchError, InvalidPayloadError } from './errors';

/** A record whose payload was fetched, verified and validated. */
export interface DecodedRecord {
  messageId: string;
  event: NewEvent;
}

/** The message as it arrived, kept to send to the DLQ unchanged. */
export function originalMessage(record: SQSRecord): QueueMessage {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(record.messageAttributes ?? {})) {
    if (value.stringValue !== undefined) attributes[name] = value.stringValue;
  }
  return { body: record.body, attributes };
}

/**
 * Envelope → payload bytes (inline or S3) → SHA-256 check → event validation
 * (SPEC §5.6). Throws a PermanentError for what retrying cannot fix; any other
 * error (an S3 read that failed) is transient.
 */
export async function decodeRecord(record: SQSRecord, s3: S3Client): Promise<DecodedRecord> {
  const envelope = decodeEnvelope(record.body);
  const bytes = await payloadBytes(envelope, s3);
  const actual = sha256Hex(bytes);
  if (actual !== envelope.payload_sha256)
    throw new HashMismatchError(envelope.payload_sha256, actual);
  const parsed = parseJson(bytes.toString('utf8'));
  if (!parsed.ok) throw new InvalidPayloadError(`payload is not JSON: ${parsed.message}`);
  const value = parsed.value;
  const checked = validateEvent(value, {
    now: new Date(envelope.received_at),
    inexactAmount: typeof value === 'object' && value !== null && parsed.inexactAmounts.has(value),
  });
  if (!checked.ok) {
    const reasons = checked.violations.map((v) => `${v.field}: ${v.reason}`).join('; ');
    throw new InvalidPayloadError(`payload is not a valid event: ${reasons}`, checked.violations);
  }
  const event = checked.event;
  if (event.event_id !== envelope.event_id) {
    throw new InvalidPayloadError(
      `payload event_id differs from envelope event_id ${envelope.event_id}`,
    );
  }
  return {
    messageId: record.messageId,
    event: {
      event_id: envelope.event_id,
      correlation_id: envelope.correlation_id,
      user_id: event.user_id,
      amount: event.amount,
      currency: event.currency,
      merchant: event.merchant,
      timestamp: event.timestamp,
      ...(event.metadata ? { metadata: event.metadata as Record<string, unknown> } : {}),
      payload_mode: envelope.payload_mode,
      ...(envelope.payload_mode === 'S3' && envelope.s3_key ? { s3_key: envelope.s3_key } : {}),
      payload_sha256: envelope.payload_sha256,
      received_at: envelope.received_at,
    },
  };
}

function payloadBytes(envelope: QueueEnvelope, s3: S3Client): Promise<Buffer> | Buffer {
  if (envelope.payload_mode === 'INLINE') return Buffer.from(envelope.payload_inline ?? '', 'utf8');
  return getPayload(s3, { bucket: envelope.s3_bucket ?? '', key: envelope.s3_key ?? '' });
}
