import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsMaxEntriesPerCall } from '@fluxa/queue';
import { type DlqMessage, toDlqMessage } from './message';

/** How long a received DLQ message stays hidden while the CLI works on it, in seconds. */
export const holdSeconds = 60;

/**
 * The visibility timeout that "releases" a held message: 1 s, not 0. fauxqs 2.4.1
 * with persistence (the local stack's emulator) drops a message from memory when
 * its visibility is set to 0 (its SQLite write fails after the in-memory removal);
 * 1 s is as prompt for an operator and safe on every SQS.
 */
export const releaseVisibilitySeconds = 1;

/** Consecutive receives returning only already-seen messages before a scan counts as complete. */
const maxStaleReceives = 3;

/** Empty receives (1 s long polls) to wait while others hold messages, before giving up on them. */
const maxWaitsForOthers = 3;

/** The entries of a batch call on received messages, and what it reports failed. */
type ReceiptEntry = { Id: string; ReceiptHandle: string };
type BatchCall = (entries: ReceiptEntry[]) => Promise<{ Failed?: Array<{ Id?: string }> }>;

/**
 * Scans a DLQ. Each message received is held invisible (VisibilityTimeout
 * {@link holdSeconds}) so that the scan moves past it instead of receiving it again,
 * and de-duplicated by MessageId. Only `delete` consumes a message; `releaseHeld()`
 * makes every message still held visible again at once (ChangeMessageVisibility, see
 * {@link releaseVisibilitySeconds}). Call it in a `finally`: if the process dies
 * instead, SQS makes them visible after the hold.
 */
export class DlqReader {
  private readonly seen = new Set<string>();
  private readonly held = new Map<string, string>();
  private staleReceives = 0;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  /** The next messages not seen before (at most `max`, ≤ 10); empty once the queue is exhausted. */
  async next(max: number): Promise<DlqMessage[]> {
    let emptyWhileOthersHold = 0;
    while (this.staleReceives < maxStaleReceives) {
      const { Messages: received = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: Math.min(sqsMaxEntriesPerCall, Math.max(1, max)),
          VisibilityTimeout: holdSeconds,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['SentTimestamp'],
        }),
      );
      if (received.length === 0) {
        // Messages another reader holds (or just released) become visible shortly:
        // wait for them a few seconds rather than call the queue exhausted.
        const { inFlight } = await queueDepth(this.sqs, this.queueUrl);
        if (inFlight > this.held.size && emptyWhileOthersHold < maxWaitsForOthers) {
          emptyWhileOthersHold += 1;
          continue;
        }
        return [];
      }
      const fresh: DlqMessage[] = [];
      for (const raw of received) {
        const message = toDlqMessage(raw);
        this.held.set(message.messageId, message.receiptHandle);
        if (this.seen.has(message.messageId)) continue;
        this.seen.add(message.messageId);
        fresh.push(message);
      }
      if (fresh.length > 0) {
        this.staleReceives = 0;
        return fresh;
      }
      this.staleReceives += 1;
    }
    return [];
  }

  /**
   * Deletes held messages from the queue; returns the ids it could not delete, which stay
   * held and are released with the others.
   */
  async delete(messageIds: string[]): Promise<string[]> {
    const failed = await this.perBatch(messageIds, (entries) =>
      this.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: entries })),
    );
    const kept = new Set(failed);
    for (const messageId of messageIds) if (!kept.has(messageId)) this.held.delete(messageId);
    return failed;
  }

  /**
   * Keeps held messages hidden for `seconds` from now (a removal awaiting its confirmation);
   * returns the ids that could not be kept.
   */
  async extend(messageIds: string[], seconds: number): Promise<string[]> {
    return this.setVisibility(messageIds, seconds);
  }

  /**
   * Makes every message still held visible again (within a second, see
   * {@link releaseVisibilitySeconds}); returns how many could not be released.
   */
  async releaseHeld(): Promise<number> {
    const failed = await this.setVisibility([...this.held.keys()], releaseVisibilitySeconds);
    this.held.clear();
    return failed.length;
  }

  private setVisibility(messageIds: string[], seconds: number): Promise<string[]> {
    return this.perBatch(messageIds, (entries) =>
      this.sqs.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: entries.map((entry) => ({ ...entry, VisibilityTimeout: seconds })),
        }),
      ),
    );
  }

  /**
   * Makes `call` on the held messages among `messageIds`, ten at a time; returns the ids the
   * call reported failed or could not be made for.
   */
  private async perBatch(messageIds: string[], call: BatchCall): Promise<string[]> {
    const held = messageIds.flatMap((messageId) => {
      const receiptHandle = this.held.get(messageId);
      return receiptHandle === undefined ? [] : [{ messageId, receiptHandle }];
    });
    const failed: string[] = [];
    for (let start = 0; start < held.length; start += sqsMaxEntriesPerCall) {
      const batch = held.slice(start, start + sqsMaxEntriesPerCall);
      try {
        const result = await call(
          batch.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.receiptHandle,
          })),
        );
        for (const entry of result.Failed ?? []) {
          const message = batch[Number(entry.Id)];
          if (message) failed.push(message.messageId);
        }
      } catch {
        failed.push(...batch.map((message) => message.messageId));
      }
    }
    return failed;
  }
}

/** Approximate visible and in-flight message counts of a queue. */
export async function queueDepth(
  sqs: SQSClient,
  queueUrl: string,
): Promise<{ visible: number; inFlight: number }> {
  const { Attributes: attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}
