import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { messageSize, type QueueMessage, toSqsAttributes } from './message';

/** Outcome of one message of a batch, in the caller's order. */
export type SendOutcome = { ok: true; messageId: string } | { ok: false; reason: string };

/** SQS's batch calls (send, delete, change visibility) and ReceiveMessage take at most 10 entries. */
export const sqsMaxEntriesPerCall = 10;

/** Sends one message; the SDK error propagates (ingest maps it to 503). */
export async function sendMessage(
  sqs: SQSClient,
  queueUrl: string,
  message: QueueMessage,
): Promise<string> {
  const sent = await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: message.body,
      MessageAttributes: toSqsAttributes(message.attributes),
      ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
    }),
  );
  return sent.MessageId ?? '';
}

/**
 * Sends messages with SendMessageBatch: at most 10 per call and at most
 * `maxBatchBytes` per call (SQS caps the whole batch like one message). Calls
 * run concurrently; a failed call fails only its own entries.
 */
export async function sendMessages(
  sqs: SQSClient,
  queueUrl: string,
  messages: QueueMessage[],
  maxBatchBytes: number,
): Promise<SendOutcome[]> {
  const outcomes: SendOutcome[] = messages.map(() => ({ ok: false, reason: 'not sent' }));
  await Promise.all(
    chunkBySize(messages, messageSize, {
      maxCount: sqsMaxEntriesPerCall,
      maxBytes: maxBatchBytes,
    }).map(async (indexes) => {
      try {
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: indexes.map((index) => {
              const message = messages[index] as QueueMessage;
              return {
                Id: String(index),
                MessageBody: message.body,
                MessageAttributes: toSqsAttributes(message.attributes),
                ...(message.groupId === undefined ? {} : { MessageGroupId: message.groupId }),
              };
            }),
          }),
        );
        for (const ok of result.Successful ?? []) {
          outcomes[Number(ok.Id)] = { ok: true, messageId: ok.MessageId ?? '' };
        }
        for (const failed of result.Failed ?? []) {
          outcomes[Number(failed.Id)] = { ok: false, reason: failed.Code ?? 'SendFailed' };
        }
      } catch (error) {
        const reason = error instanceof Error ? error.name : 'SendFailed';
        for (const index of indexes) outcomes[index] = { ok: false, reason };
      }
    }),
  );
  return outcomes;
}

/**
 * Groups item indexes, in order, into calls of at most `maxCount` items and
 * `maxBytes` total (an item larger than maxBytes travels alone). Batch APIs of
 * SQS and SNS cap both.
 */
export function chunkBySize<T>(
  items: T[],
  sizeOf: (item: T) => number,
  limits: { maxCount: number; maxBytes: number },
): number[][] {
  const chunks: number[][] = [];
  let current: number[] = [];
  let currentBytes = 0;
  items.forEach((item, index) => {
    const size = sizeOf(item);
    if (
      current.length === limits.maxCount ||
      (current.length > 0 && currentBytes + size > limits.maxBytes)
    ) {
      chunks.push(current);
      current = [];
      currentBytes = 0;
    }
    current.push(index);
    currentBytes += size;
  });
  if (current.length > 0) chunks.push(current);
  return chunks;
}
