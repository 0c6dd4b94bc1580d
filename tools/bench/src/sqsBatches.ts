import { canonicalizeEvent } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, type QueueMessage, sqsRecordFrom } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { benchTenant } from './benchCaller';
import { type BenchEvent, benchEvents } from './benchEvents';

const region = 'us-east-1';

/** The SQS message ingest would send for an event: canonical payload, hash, INLINE envelope. */
function queueMessageFor(event: BenchEvent, receivedAt: Date): QueueMessage {
  const eventId = event.event_id;
  const { json } = canonicalizeEvent(event, eventId);
  return encodeEnvelope(
    inlineEnvelope({
      tenantId: benchTenant,
      eventId,
      correlationId: `corr-${eventId}`,
      payload: json,
      sha256: sha256Hex(json),
      receivedAt,
    }),
  );
}

/** The Lambda record the event source mapping would hand the processor for a message. */
function sqsRecordOf(message: QueueMessage, messageId: string, queueArn: string): SQSRecord {
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

/** The merchant of the events `sqsBatches` makes poison: the poison measurement's trigger refuses it. */
export const refusedMerchant = 'bench-refused';

/**
 * `count` fresh events (ids `<prefix>-<n>`) as SQS batches of `batchSize`:
 * built ahead of the timed section, so receiving is not what is measured. Events whose
 * index `refused` selects carry {@link refusedMerchant}.
 */
export function sqsBatches(
  prefix: string,
  count: number,
  batchSize: number,
  queueArn: string,
  refused: (index: number) => boolean = () => false,
): SQSEvent[] {
  const receivedAt = new Date();
  const records = benchEvents(prefix, count).map((event, index) => {
    const sent = refused(index) ? { ...event, merchant: refusedMerchant } : event;
    return sqsRecordOf(queueMessageFor(sent, receivedAt), event.event_id, queueArn);
  });
  const batches: SQSEvent[] = [];
  for (let start = 0; start < count; start += batchSize) {
    batches.push({ Records: records.slice(start, start + batchSize) });
  }
  return batches;
}
