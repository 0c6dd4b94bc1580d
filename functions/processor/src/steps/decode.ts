import type { S3Client } from '@aws-sdk/client-s3';
import {
  checkTimestamp,
  isValidTraceparent,
  PermanentError,
  parseJson,
  validateEvent,
} from '@fluxa/models';
import { type DecodedEnvelope, decodeEnvelope, traceparentAttribute } from '@fluxa/queue';
import { getPayload, sha256Hex } from '@fluxa/storage';
import type { SQSRecord } from 'aws-lambda';
import { HashMismatchError, InvalidPayloadError } from '../errors';
import { outcomeOf, type StepOutcome } from '../outcome';
import { claimedIdentity, type DecodedRecord } from '../records';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The S3 client, built on first use (an S3-mode payload). */
type S3 = () => Promise<S3Client>;

async function payloadBytes(envelope: DecodedEnvelope, s3: S3): Promise<Buffer> {
  if (envelope.payload_mode === 'INLINE') return Buffer.from(envelope.payload_inline ?? '', 'utf8');
  return getPayload(await s3(), { bucket: envelope.s3_bucket ?? '', key: envelope.s3_key ?? '' });
}

function payloadText(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new InvalidPayloadError('payload is not valid UTF-8');
  }
}

/**
 * Envelope → payload bytes (inline or S3) → SHA-256 check → the same validation ingest
 * applies (so a hand-made or replayed message is held to what a client's is). Throws a
 * PermanentError for what retrying cannot fix; any other error (an S3 read) is transient.
 */
async function decodeRecord(record: SQSRecord, s3: S3): Promise<DecodedRecord> {
  const envelope = decodeEnvelope(record.body);
  const bytes = await payloadBytes(envelope, s3);
  const actual = sha256Hex(bytes);
  if (actual !== envelope.payload_sha256)
    throw new HashMismatchError(envelope.payload_sha256, actual);
  const parsed = parseJson(payloadText(bytes));
  if (!parsed.ok) throw new InvalidPayloadError(`payload is not JSON: ${parsed.message}`);
  const checked = validateEvent(parsed.value, {
    now: new Date(envelope.received_at),
    inexact: parsed.inexact,
  });
  if (!checked.ok) {
    const reasons = checked.violations.map((v) => `${v.field}: ${v.reason}`).join('; ');
    throw new InvalidPayloadError(`payload is not a valid event: ${reasons}`);
  }
  const event = checked.event;
  if (event.event_id !== envelope.event_id) {
    throw new InvalidPayloadError(
      `payload event_id differs from envelope event_id ${envelope.event_id}`,
    );
  }
  const timestamp = checkTimestamp(event.timestamp);
  if (!timestamp.ok) throw new InvalidPayloadError(`timestamp ${timestamp.reason}`);
  return {
    record,
    event: {
      tenant_id: envelope.tenant_id,
      event_id: envelope.event_id,
      correlation_id: envelope.correlation_id,
      user_id: event.user_id,
      amount: event.amount,
      currency: event.currency,
      merchant: event.merchant,
      timestamp: timestamp.instant.utc,
      metadata: (event.metadata as Record<string, unknown> | undefined) ?? null,
      payload_mode: envelope.payload_mode,
      ...(envelope.payload_mode === 'S3' && envelope.s3_key ? { s3_key: envelope.s3_key } : {}),
      payload_sha256: envelope.payload_sha256,
      received_at: envelope.received_at,
      ...traceOf(record),
    },
  };
}

/** The request's trace context the message carries, when it is a valid one. */
function traceOf(record: SQSRecord): { traceparent?: string } {
  const traceparent = record.messageAttributes?.[traceparentAttribute]?.stringValue;
  return traceparent !== undefined && isValidTraceparent(traceparent) ? { traceparent } : {};
}

/**
 * Decodes every record concurrently: done are the records to persist; a permanent failure is
 * dead, any other (an S3 read) is retried.
 */
export async function decodeRecords(
  records: SQSRecord[],
  s3: S3,
): Promise<StepOutcome<DecodedRecord>> {
  const settled = await Promise.allSettled(records.map((record) => decodeRecord(record, s3)));
  const outcome = outcomeOf<DecodedRecord>();
  settled.forEach((result, index) => {
    const record = records[index] as SQSRecord;
    if (result.status === 'fulfilled') outcome.done.push(result.value);
    else if (result.reason instanceof PermanentError) {
      const { code, message } = result.reason;
      outcome.dead.push({ record, code, reason: message, ...claimedIdentity(record) });
    } else outcome.retry.push({ record, code: 'PAYLOAD_READ', error: result.reason });
  });
  return outcome;
}
