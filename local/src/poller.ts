import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsMaxEntriesPerCall, sqsRecordFrom } from '@fluxa/queue';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** The processor bundle's handler. */
export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  /**
   * One handler per concurrent invocation, each from its own instance of the bundle (a
   * container of its own: its own pool and clients): the mapping's maximum concurrency.
   */
  handlers: SqsHandler[];
  /** Records per invocation (the mapping's BatchSize). */
  batchSize: number;
  /** How long to gather a batch once the first record arrived (MaximumBatchingWindowInSeconds). */
  batchingWindowMs: number;
  log?: (line: string) => void;
}

/**
 * Emulates the SQS event source mapping: one loop per handler (the mapping's maximum
 * concurrency), each long-polling, gathering up to batchSize records within the batching
 * window, invoking its processor, deleting what it did not report in batchItemFailures, and
 * leaving failures to the visibility timeout and the queue's redrive policy. A loop backs
 * off while its whole batches fail. `stop()` finishes the batches in flight (drain) and
 * resolves.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  const loops = options.handlers.map(async (handler) => {
    let backoffMs = 0;
    while (running) {
      const messages = await gather(options, () => running);
      if (messages.length === 0) continue;
      const failed = await invoke(options, handler, messages);
      await deleteSucceeded(
        options,
        messages.filter((m) => !failed.has(m.MessageId ?? '')),
      );
      backoffMs =
        failed.size === messages.length ? Math.min(10_000, Math.max(500, backoffMs * 2)) : 0;
      if (backoffMs > 0) await sleep(backoffMs);
    }
  });
  return {
    async stop() {
      running = false;
      await Promise.all(loops);
    },
  };
}

/**
 * Gathers up to batchSize records: a long poll for the first; then, while the queue keeps
 * answering full receives, as many receives at once as the batch has room for (10 records
 * each) until it is full or the batching window closes; and while it does not (a trickle),
 * one receive when the window closes, of what arrived meanwhile — two receives a batch, not
 * one every few milliseconds.
 */
async function gather(options: PollerOptions, running: () => boolean): Promise<Message[]> {
  const batch: Message[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  let plentiful = false;
  while (running() && batch.length < options.batchSize && Date.now() < deadline) {
    if (batch.length > 0 && !plentiful) await sleep(Math.max(0, deadline - Date.now()));
    const room = options.batchSize - batch.length;
    const receives: number = plentiful ? Math.ceil(room / sqsMaxEntriesPerCall) : 1;
    const settled = await Promise.allSettled(
      Array.from({ length: receives }, (_, i) =>
        options.sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: options.queueUrl,
            MaxNumberOfMessages: Math.min(sqsMaxEntriesPerCall, room - i * sqsMaxEntriesPerCall),
            WaitTimeSeconds: batch.length === 0 ? 1 : 0,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
          }),
        ),
      ),
    );
    const received = settled.flatMap((r) =>
      r.status === 'fulfilled' ? (r.value.Messages ?? []) : [],
    );
    const failure = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    plentiful = received.length === Math.min(room, receives * sqsMaxEntriesPerCall);
    if (batch.length === 0 && received.length > 0) deadline = Date.now() + options.batchingWindowMs;
    batch.push(...received);
    if (failure) {
      const { reason } = failure;
      options.log?.(
        `poller: receive failed (${reason instanceof Error ? reason.name : 'error'}); retrying`,
      );
      if (batch.length === 0) await sleep(1_000);
      return batch;
    }
  }
  return batch;
}

/** Invokes the processor; a thrown error fails the whole batch, as with Lambda. */
async function invoke(
  options: PollerOptions,
  handler: SqsHandler,
  messages: Message[],
): Promise<Set<string>> {
  const event: SQSEvent = {
    Records: messages.map((m) => sqsRecordFrom(m, options.queueArn, options.region)),
  };
  try {
    const result = await handler(event);
    return new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    // A failed or timed-out invocation fails its whole batch: the records come back after
    // their visibility timeout, as with Lambda.
    options.log?.(
      `poller: invocation ${randomUUID()} failed: ${error instanceof Error ? error.message : 'error'}`,
    );
    return new Set(messages.map((m) => m.MessageId ?? ''));
  }
}

/** Deletes the records that succeeded, 10 per call, the calls concurrent. */
async function deleteSucceeded(options: PollerOptions, messages: Message[]): Promise<void> {
  const chunks = Array.from({ length: Math.ceil(messages.length / sqsMaxEntriesPerCall) }, (_, i) =>
    messages.slice(i * sqsMaxEntriesPerCall, (i + 1) * sqsMaxEntriesPerCall),
  );
  await Promise.all(
    chunks.map(async (chunk) => {
      try {
        await options.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: options.queueUrl,
            Entries: chunk.map((m, index) => ({
              Id: String(index),
              ReceiptHandle: m.ReceiptHandle,
            })),
          }),
        );
      } catch (error) {
        // Not deleted means redelivered: the processor's idempotency makes that harmless.
        options.log?.(
          `poller: delete failed (${error instanceof Error ? error.name : 'error'}); records will be redelivered`,
        );
      }
    }),
  );
}
