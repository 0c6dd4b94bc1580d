import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { sqsRecordFrom } from '@fluxa/queue';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** The processor bundle's handler. */
export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  region: string;
  handler: SqsHandler;
  /** Records per invocation (the mapping's BatchSize). */
  batchSize: number;
  /** How long to gather a batch once the first record arrived (MaximumBatchingWindowInSeconds). */
  batchingWindowMs: number;
  log?: (line: string) => void;
}

/**
 * Emulates the SQS event source mapping: long-polls, gathers up to batchSize
 * records within the batching window, invokes the processor, deletes what it
 * did not report in batchItemFailures, and leaves failures to the visibility
 * timeout and the queue's redrive policy. Backs off while whole batches fail.
 * `stop()` finishes the batch in flight (drain) and resolves.
 */
export function startPoller(options: PollerOptions): { stop(): Promise<void> } {
  let running = true;
  let backoffMs = 0;
  const loop = (async () => {
    while (running) {
      const messages = await gather(options, () => running);
      if (messages.length === 0) continue;
      const failed = await invoke(options, messages);
      await deleteSucceeded(
        options,
        messages.filter((m) => !failed.has(m.MessageId ?? '')),
      );
      backoffMs =
        failed.size === messages.length ? Math.min(10_000, Math.max(500, backoffMs * 2)) : 0;
      if (backoffMs > 0) await sleep(backoffMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
    },
  };
}

async function gather(options: PollerOptions, running: () => boolean): Promise<Message[]> {
  const batch: Message[] = [];
  let deadline = Number.POSITIVE_INFINITY;
  while (running() && batch.length < options.batchSize && Date.now() < deadline) {
    const waitSeconds = batch.length === 0 ? 1 : 0;
    let received: Message[] = [];
    try {
      const response = await options.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: options.queueUrl,
          MaxNumberOfMessages: Math.min(10, options.batchSize - batch.length),
          WaitTimeSeconds: waitSeconds,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['All'],
        }),
      );
      received = response.Messages ?? [];
    } catch (error) {
      options.log?.(
        `poller: receive failed (${error instanceof Error ? error.name : 'error'}); retrying`,
      );
      await sleep(1_000);
      return batch;
    }
    if (received.length === 0 && batch.length > 0) {
      await sleep(Math.min(50, Math.max(0, deadline - Date.now())));
    }
    if (batch.length === 0 && received.length > 0) deadline = Date.now() + options.batchingWindowMs;
    batch.push(...received);
  }
  return batch;
}

/** Invokes the processor; a thrown error fails the whole batch, as with Lambda. */
async function invoke(options: PollerOptions, messages: Message[]): Promise<Set<string>> {
  const event: SQSEvent = {
    Records: messages.map((m) => sqsRecordFrom(m, options.queueArn, options.region)),
  };
  try {
    const result = await options.handler(event);
    return new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
  } catch (error) {
    options.log?.(
      `poller: invocation ${randomUUID()} failed: ${error instanceof Error ? error.message : 'error'}`,
    );
    return new Set(messages.map((m) => m.MessageId ?? ''));
  }
}

async function deleteSucceeded(options: PollerOptions, messages: Message[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    const chunk = messages.slice(i, i + 10);
    try {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: chunk.map((m, index) => ({ Id: String(index), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    } catch (error) {
      // Not deleted means redelivered: the processor's idempotency makes that harmless.
      options.log?.(
        `poller: delete failed (${error instanceof Error ? error.name : 'error'}); records will be redelivered`,
      );
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
