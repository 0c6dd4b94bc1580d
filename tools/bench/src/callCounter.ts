import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';

/** SQS and SNS bill each 64 KiB chunk of a request's payload as one request. */
export const billingChunkBytes = 64 * 1024;

/** AWS API calls one client made, by command, with the requests AWS would bill for them. */
export interface CallCounts {
  /** Calls by command name, e.g. `SendMessageBatch`. */
  calls: Record<string, number>;
  /** Billed requests by command: 64 KiB chunks (SQS), messages × chunks (SNS PublishBatch). */
  billed: Record<string, number>;
}

interface StringAttribute {
  StringValue?: string;
  DataType?: string;
}
interface MessageLike {
  MessageBody?: string;
  Message?: string;
  MessageAttributes?: Record<string, StringAttribute>;
}

/** Bytes SQS/SNS count for a message: body plus attribute names, types and values. */
function messageBytes(message: MessageLike): number {
  let bytes = Buffer.byteLength(message.MessageBody ?? message.Message ?? '');
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    bytes += Buffer.byteLength(name) + Buffer.byteLength(value.DataType ?? '');
    bytes += Buffer.byteLength(value.StringValue ?? '');
  }
  return bytes;
}

const chunks = (bytes: number) => Math.max(1, Math.ceil(bytes / billingChunkBytes));

/**
 * Requests AWS bills for one call (list-price rules): an SQS send is one request
 * per 64 KiB of the whole call; SNS PublishBatch is billed per message, each per
 * 64 KiB; everything else is one request.
 */
export function billedRequests(command: string, input: unknown): number {
  const request = (input ?? {}) as {
    Entries?: MessageLike[];
    PublishBatchRequestEntries?: MessageLike[];
  } & MessageLike;
  switch (command) {
    case 'SendMessage':
    case 'Publish':
      return chunks(messageBytes(request));
    case 'SendMessageBatch':
      return chunks((request.Entries ?? []).reduce((sum, m) => sum + messageBytes(m), 0));
    case 'PublishBatch':
      return (request.PublishBatchRequestEntries ?? []).reduce(
        (sum, m) => sum + chunks(messageBytes(m)),
        0,
      );
    default:
      return 1;
  }
}

/** A counter attached to SDK clients; `snapshot` and `reset` between measurements. */
export interface CallCounter {
  snapshot(): CallCounts;
  reset(): void;
}

type CountedClient = SQSClient | SNSClient | S3Client;

/**
 * Counts every `send` of the given clients with an SDK middleware at the
 * `initialize` step (once per call, before retries), so the numbers are the
 * calls the code makes, not an estimate.
 */
export function countCalls(...clients: CountedClient[]): CallCounter {
  let counts: CallCounts = { calls: {}, billed: {} };
  for (const client of clients) {
    const stack = client.middlewareStack as SQSClient['middlewareStack'];
    stack.add(
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
    snapshot: () => structuredClone(counts),
    reset: () => {
      counts = { calls: {}, billed: {} };
    },
  };
}

/** Sum of a count record (e.g. all calls, whatever the command). */
export const total = (record: Record<string, number>) =>
  Object.values(record).reduce((sum, value) => sum + value, 0);

/** Counts scaled to 1,000 events (two decimals). */
export function perThousandEvents(counts: CallCounts, events: number): CallCounts {
  const scale = (record: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(record).map(([k, v]) => [k, Number(((v * 1000) / events).toFixed(2))]),
    );
  return { calls: scale(counts.calls), billed: scale(counts.billed) };
}
