import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterAttributes, sqsSafeText } from '@fluxa/models';
import type { QueueMessage } from './message';
import { type SendOutcome, sendMessages } from './sender';

/** A record the processor gives up on, with why. */
export interface DeadLetter {
  /** The original message, body and attributes unchanged, so a redrive replays it as it was. */
  original: QueueMessage;
  errorCode: string;
  errorMessage: string;
  sourceMessageId: string;
  failedAt: Date;
  /** How many times the main queue delivered it. */
  receiveCount: number;
}

/** SQS attribute values are capped; reasons are for people, so a shortened one is fine. */
const maxReasonLength = 1024;

/**
 * Sends records given up to the DLQ with the attributes of {@link deadLetterAttributes}; the
 * reason is cut to 1,024 characters and made of characters SQS carries. Returns per-letter
 * outcomes: a failed send must be retried by the caller, never dropped.
 */
export function sendToDeadLetterQueue(
  sqs: SQSClient,
  dlqUrl: string,
  letters: DeadLetter[],
  maxBatchBytes: number,
): Promise<SendOutcome[]> {
  const names = deadLetterAttributes;
  return sendMessages(
    sqs,
    dlqUrl,
    letters.map((letter) => ({
      body: letter.original.body,
      attributes: {
        ...letter.original.attributes,
        [names.errorCode]: letter.errorCode,
        [names.errorMessage]:
          sqsSafeText([...letter.errorMessage].slice(0, maxReasonLength).join('')) ||
          letter.errorCode,
        [names.failedAt]: letter.failedAt.toISOString(),
        [names.sourceMessageId]: letter.sourceMessageId,
        [names.receiveCount]: String(letter.receiveCount),
      },
    })),
    maxBatchBytes,
  );
}
