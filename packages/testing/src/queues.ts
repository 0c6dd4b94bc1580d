import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** What {@link receiveAll} does with the messages it reads. */
export interface ReceiveAllOptions {
  /**
   * Keep the messages on the queue, hidden this many seconds (long enough that the loop does
   * not receive them again), instead of deleting each batch as it is read.
   */
  keepHiddenSeconds?: number;
}

/**
 * Every message visible on a queue now, with its message attributes: deleted as it is read
 * (a subscriber's or dead-letter queue a test inspects), or kept and hidden with
 * `keepHiddenSeconds` (a queue the code under test reads next). Ends at the first empty
 * receive (no long polling), so it reads what has arrived, not what is on its way.
 */
export async function receiveAll(
  sqs: SQSClient,
  queueUrl: string,
  options: ReceiveAllOptions = {},
): Promise<Message[]> {
  const keep = options.keepHiddenSeconds !== undefined;
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        ...(keep ? { VisibilityTimeout: options.keepHiddenSeconds } : {}),
      }),
    );
    if (Messages.length === 0) return all;
    all.push(...Messages);
    if (keep) continue;
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
      }),
    );
  }
}

/** Everything a queue holds now, deleted as it is read: {@link receiveAll} that keeps nothing. */
export function drainQueue(sqs: SQSClient, queueUrl: string): Promise<Message[]> {
  return receiveAll(sqs, queueUrl);
}
