import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** AWS API calls made, by command (`SendMessageBatch`), and the requests AWS bills for them. */
export interface CallCounts {
  calls: Record<string, number>;
  billed: Record<string, number>;
}

interface MessageLike {
  MessageBody?: string;
  Message?: string;
  MessageAttributes?: Record<string, { StringValue?: string; DataType?: string }>;
}

/** Bytes SQS and SNS count for a message: body plus attribute names, types and values. */
const bytesOf = (message: MessageLike) =>
  Object.entries(message.MessageAttributes ?? {}).reduce(
    (sum, [name, value]) =>
      sum + Buffer.byteLength(name + (value.DataType ?? '') + (value.StringValue ?? '')),
    Buffer.byteLength(message.MessageBody ?? message.Message ?? ''),
  );

/** SQS and SNS bill each 64 KiB chunk of a payload as one request. */
const chunks = (bytes: number) => Math.max(1, Math.ceil(bytes / (64 * 1024)));

/**
 * Requests AWS bills for one call (list-price rules): an SQS send is one request per 64 KiB of
 * the whole call; SNS bills `PublishBatch` per message, each per 64 KiB; any other call is one.
 */
export function billedRequests(command: string, input: unknown): number {
  const request = (input ?? {}) as MessageLike & {
    Entries?: MessageLike[];
    PublishBatchRequestEntries?: MessageLike[];
  };
  if (command === 'SendMessage' || command === 'Publish') return chunks(bytesOf(request));
  if (command === 'SendMessageBatch') {
    return chunks((request.Entries ?? []).reduce((sum, m) => sum + bytesOf(m), 0));
  }
  if (command === 'PublishBatch') {
    return (request.PublishBatchRequestEntries ?? []).reduce(
      (sum, m) => sum + chunks(bytesOf(m)),
      0,
    );
  }
  return 1;
}

/**
 * Counts every `send` of the given clients with an SDK middleware at the `initialize` step
 * (once per call, before retries): the calls the code makes, not an estimate. `take` returns
 * the counts so far and starts again from zero.
 */
export function countCalls(...clients: (SQSClient | SNSClient | S3Client)[]) {
  let counts: CallCounts = { calls: {}, billed: {} };
  for (const client of clients) {
    (client.middlewareStack as SQSClient['middlewareStack']).add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? 'Unknown').replace(/Command$/, '');
        counts.calls[command] = (counts.calls[command] ?? 0) + 1;
        counts.billed[command] =
          (counts.billed[command] ?? 0) + billedRequests(command, args.input);
        return next(args);
      },
      { step: 'initialize', name: 'fluxaBenchCallCounter' },
    );
  }
  return {
    take(): CallCounts {
      const taken = counts;
      counts = { calls: {}, billed: {} };
      return taken;
    },
  };
}

/** The sum of a count record: every command's. */
export const sum = (record: Record<string, number>) =>
  Object.values(record).reduce((total, value) => total + value, 0);

/** Counts scaled to 1,000 events (two decimals). */
export function perThousandEvents(counts: CallCounts, events: number): CallCounts {
  const scale = (record: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, Number(((v * 1000) / events).toFixed(2))]),
    );
  return { calls: scale(counts.calls), billed: scale(counts.billed) };
}
