import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DlqMessage } from './message';
import { DlqReader, queueDepth } from './reader';

/** A peek at the DLQ: up to `limit` messages and the queue's approximate depth. */
export interface DlqListing {
  messages: DlqMessage[];
  visible: number;
  inFlight: number;
}

/**
 * Lists DLQ messages without consuming them: received with a short hold, then
 * made visible again as soon as the listing is complete (or fails).
 */
export async function listDlq(
  sqs: SQSClient,
  dlqUrl: string,
  options: { limit: number; select: (letter: DlqMessage) => boolean; signal?: AbortSignal },
): Promise<DlqListing> {
  const depth = await queueDepth(sqs, dlqUrl);
  const reader = new DlqReader(sqs, dlqUrl);
  const messages: DlqMessage[] = [];
  try {
    while (messages.length < options.limit && !options.signal?.aborted) {
      const batch = await reader.next(options.limit - messages.length);
      if (batch.length === 0) break;
      for (const message of batch) {
        if (!options.select(message)) continue;
        if (messages.length < options.limit) messages.push(message);
      }
    }
  } finally {
    await reader.releaseHeld();
  }
  return { messages, ...depth };
}
