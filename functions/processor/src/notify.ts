import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import type { NewEvent } from '@fluxa/db';
import { chunkBySize } from '@fluxa/queue';

/** SNS caps a message, and a whole PublishBatch, at 256 KiB; a batch at 10 entries. */
const maxSnsBytes = 262_144;
/** Room left for attributes and the batch's own framing. */
const entryOverheadBytes = 512;

/** The notification body: the persisted event; metadata dropped if it would not fit SNS. */
export function notificationBody(event: NewEvent): string {
  const full = JSON.stringify(event);
  if (Buffer.byteLength(full) + entryOverheadBytes <= maxSnsBytes) return full;
  const { metadata: _omitted, ...rest } = event;
  return JSON.stringify({ ...rest, metadata_omitted: true });
}

export interface PublishResult {
  published: string[];
  failed: { eventId: string; reason: string }[];
}

/**
 * Publishes one notification per event with PublishBatch (≤ 10 entries and
 * ≤ 256 KiB per call), attribute `event_id` for subscriber dedupe. Returns the
 * ids published and those that failed, with why (retried on redelivery, SPEC §5.5).
 */
export async function publishNotifications(
  sns: SNSClient,
  topicArn: string,
  events: NewEvent[],
): Promise<PublishResult> {
  const entries: PublishBatchRequestEntry[] = events.map((event, index) => ({
    Id: String(index),
    Message: notificationBody(event),
    MessageAttributes: {
      event_id: { DataType: 'String', StringValue: event.event_id },
      correlation_id: { DataType: 'String', StringValue: event.correlation_id },
    },
  }));
  const result: PublishResult = { published: [], failed: [] };
  const eventIdOf = (entryId: string | undefined) => events[Number(entryId)]?.event_id ?? '';
  const sizeOf = (entry: PublishBatchRequestEntry) =>
    Buffer.byteLength(entry.Message ?? '') + entryOverheadBytes;
  const calls = chunkBySize(entries, sizeOf, { maxCount: 10, maxBytes: maxSnsBytes });
  await Promise.all(
    calls.map(async (indexes) => {
      const batch = indexes.map((index) => entries[index] as PublishBatchRequestEntry);
      try {
        const sent = await sns.send(
          new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: batch }),
        );
        for (const ok of sent.Successful ?? []) result.published.push(eventIdOf(ok.Id));
        for (const bad of sent.Failed ?? []) {
          result.failed.push({ eventId: eventIdOf(bad.Id), reason: bad.Code ?? 'PublishFailed' });
        }
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'PublishFailed';
        for (const entry of batch) result.failed.push({ eventId: eventIdOf(entry.Id), reason });
      }
    }),
  );
  return result;
}
