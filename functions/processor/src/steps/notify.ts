import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { keyText, markNotified, type Sql } from '@fluxa/db';
import { release } from '@fluxa/idempotency';
import { canonicalJson, type Notification, type PersistedEvent } from '@fluxa/models';
import { chunkBySize } from '@fluxa/queue';
import type { ProcessorDeps } from '../deps';
import type { DecodedRecord, RetryRecord } from '../records';

/** SNS caps a message, and a whole PublishBatch, at 256 KiB; a batch at 10 entries. */
const maxSnsBytes = 262_144;
/** Room left for attributes and the batch's own framing. */
const entryOverheadBytes = 512;

/**
 * The notification body: the persisted event as canonical JSON (every character one SNS and
 * SQS carry raw); metadata dropped if it would not fit SNS.
 */
export function notificationBody(event: PersistedEvent): string {
  const full = canonicalJson(event satisfies Notification);
  if (Buffer.byteLength(full) + entryOverheadBytes <= maxSnsBytes) return full;
  const { metadata: _omitted, ...rest } = event;
  return canonicalJson({ ...rest, metadata_omitted: true } satisfies Notification);
}

export interface PublishResult {
  published: PersistedEvent[];
  failed: { event: PersistedEvent; reason: string }[];
}

/**
 * Publishes one notification per event with PublishBatch (≤ 10 entries and ≤ 256 KiB per
 * call), attributes `tenant_id` (subscribers filter on it) and `event_id` (for subscriber
 * dedupe). Returns the events published and those that failed, with why (retried on
 * redelivery).
 */
export async function publishNotifications(
  sns: SNSClient,
  topicArn: string,
  events: PersistedEvent[],
): Promise<PublishResult> {
  const entries: PublishBatchRequestEntry[] = events.map((event, index) => ({
    Id: String(index),
    Message: notificationBody(event),
    MessageAttributes: {
      tenant_id: { DataType: 'String', StringValue: event.tenant_id },
      event_id: { DataType: 'String', StringValue: event.event_id },
      correlation_id: { DataType: 'String', StringValue: event.correlation_id },
    },
  }));
  const result: PublishResult = { published: [], failed: [] };
  const eventOf = (entryId: string | undefined) => events[Number(entryId)] as PersistedEvent;
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
        for (const ok of sent.Successful ?? []) result.published.push(eventOf(ok.Id));
        for (const bad of sent.Failed ?? []) {
          result.failed.push({ event: eventOf(bad.Id), reason: bad.Code ?? 'PublishFailed' });
        }
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'PublishFailed';
        for (const entry of batch) result.failed.push({ event: eventOf(entry.Id), reason });
      }
    }),
  );
  return result;
}

/**
 * After commit: publishes the events stored by this batch and those stored earlier whose
 * notification is still owed, then records `notified_at`. A failed publish releases the
 * lease and retries the record, so its redelivery publishes it (at least once).
 */
export async function notifyStep(
  deps: Pick<ProcessorDeps, 'sns' | 'config'>,
  sql: Sql,
  owed: DecodedRecord[],
): Promise<{ published: PersistedEvent[]; retry: RetryRecord[] }> {
  if (owed.length === 0) return { published: [], retry: [] };
  const byKey = new Map(owed.map((item) => [keyText(item.event), item]));
  const retryAll = (error: unknown) =>
    owed.map((item): RetryRecord => ({ record: item.record, code: 'SNS_PUBLISH', error }));
  try {
    const { published, failed } = await publishNotifications(
      deps.sns,
      deps.config.topicArn,
      owed.map((item) => item.event),
    );
    await markNotified(sql, published);
    if (failed.length > 0) {
      await release(
        sql,
        failed.map((f) => f.event),
      );
    }
    const retry = failed.flatMap(({ event, reason }): RetryRecord[] => {
      const item = byKey.get(keyText(event));
      return item ? [{ record: item.record, code: 'SNS_PUBLISH', error: reason }] : [];
    });
    return { published, retry };
  } catch (error) {
    return { published: [], retry: retryAll(error) };
  }
}
