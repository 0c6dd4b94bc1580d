import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import {
  maxNotificationBytes,
  notificationAttributes,
  notificationBody,
  type StoredRecord,
} from '@fluxa/models';
import { chunkBySize } from './sender';

/** A notification to publish: the stored row it is built from, and what travels with it. */
export interface OutgoingNotification {
  record: StoredRecord;
  /** The replay publishing it; absent for a live notification. */
  replayId?: string;
  /** The W3C trace context of the request that sent the event, when it carried one. */
  traceparent?: string;
}

/** What a publish did: the notifications SNS took, and those it did not, with why. */
export interface PublishResult {
  published: OutgoingNotification[];
  failed: { notification: OutgoingNotification; reason: string }[];
}

/** PublishBatch takes at most 10 entries. */
const snsMaxEntriesPerCall = 10;

/** Room each entry leaves for its attributes and the batch's framing, as SNS counts size. */
const entryOverheadBytes = 1024;

function entryOf(notification: OutgoingNotification, id: number): PublishBatchRequestEntry {
  const { record, replayId, traceparent } = notification;
  const names = notificationAttributes;
  const string = (value: string) => ({ DataType: 'String', StringValue: value });
  return {
    Id: String(id),
    Message: notificationBody(record, replayId),
    MessageAttributes: {
      [names.tenantId]: string(record.tenant_id),
      [names.eventId]: string(record.event_id),
      [names.correlationId]: string(record.correlation_id),
      ...(traceparent === undefined ? {} : { [names.traceparent]: string(traceparent) }),
      ...(replayId === undefined ? {} : { [names.replayId]: string(replayId) }),
    },
  };
}

/**
 * Publishes one notification per stored row with PublishBatch (≤ 10 entries and ≤ 256 KiB per
 * call; the calls concurrent, at most `concurrency` at a time when given). The body is the stored record ({@link notificationBody}); the
 * attributes are what subscribers filter and deduplicate on. An entry SNS lists neither as
 * successful nor as failed counts as failed: only what SNS confirmed is published.
 */
export async function publishNotifications(
  sns: SNSClient,
  topicArn: string,
  notifications: OutgoingNotification[],
  options: { concurrency?: number } = {},
): Promise<PublishResult> {
  const entries = notifications.map(entryOf);
  const outcomes: (string | true)[] = notifications.map(() => 'not in the answer');
  const sizeOf = (entry: PublishBatchRequestEntry) =>
    Buffer.byteLength(entry.Message ?? '') + entryOverheadBytes;
  const calls = chunkBySize(entries, sizeOf, {
    maxCount: snsMaxEntriesPerCall,
    maxBytes: maxNotificationBytes,
  });
  const publish = async (indexes: number[]) => {
    try {
      const sent = await sns.send(
        new PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: indexes.map((i) => entries[i] as PublishBatchRequestEntry),
        }),
      );
      for (const ok of sent.Successful ?? []) outcomes[Number(ok.Id)] = true;
      for (const bad of sent.Failed ?? []) outcomes[Number(bad.Id)] = bad.Code ?? 'PublishFailed';
    } catch (error) {
      const reason = error instanceof Error ? error.name : 'PublishFailed';
      for (const index of indexes) outcomes[index] = reason;
    }
  };
  // Each lane publishes the next call still waiting, until none is left.
  const waiting = [...calls];
  const lanes = Math.min(calls.length, options.concurrency ?? calls.length);
  await Promise.all(
    Array.from({ length: lanes }, async () => {
      for (let next = waiting.shift(); next; next = waiting.shift()) await publish(next);
    }),
  );
  const result: PublishResult = { published: [], failed: [] };
  notifications.forEach((notification, index) => {
    const outcome = outcomes[index];
    if (outcome === true) result.published.push(notification);
    else result.failed.push({ notification, reason: outcome ?? 'not in the answer' });
  });
  return result;
}
