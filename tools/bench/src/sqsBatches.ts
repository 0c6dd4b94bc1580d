import { canonicalizeEvent } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, sqsRecordFrom } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import type { SQSEvent } from 'aws-lambda';
import { benchEvents, benchTenant } from './benchEvents';

/**
 * `count` fresh events (ids `<prefix>-<n>`) as the event source mapping would hand them to the
 * processor, in batches of `batchSize`: each the INLINE envelope ingest would send (canonical
 * payload, SHA-256), built ahead of the timed section, so receiving is not what is measured.
 */
export function sqsBatches(
  prefix: string,
  count: number,
  batchSize: number,
  queueArn: string,
): SQSEvent[] {
  const receivedAt = new Date();
  const records = benchEvents(prefix, count).map((event) => {
    const { json } = canonicalizeEvent(event, event.event_id);
    const message = encodeEnvelope(
      inlineEnvelope({
        tenantId: benchTenant,
        eventId: event.event_id,
        correlationId: `corr-${event.event_id}`,
        payload: json,
        sha256: sha256Hex(json),
        receivedAt,
      }),
    );
    const attributes = Object.entries(message.attributes).map(([name, value]) => [
      name,
      { DataType: 'String', StringValue: value },
    ]);
    return sqsRecordFrom(
      {
        MessageId: event.event_id,
        ReceiptHandle: `receipt-${event.event_id}`,
        Body: message.body,
        MessageAttributes: Object.fromEntries(attributes),
      },
      queueArn,
      'us-east-1',
    );
  });
  const batches: SQSEvent[] = [];
  for (let start = 0; start < count; start += batchSize) {
    batches.push({ Records: records.slice(start, start + batchSize) });
  }
  return batches;
}
