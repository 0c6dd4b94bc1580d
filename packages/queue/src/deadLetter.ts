import type { SQSClient } from '@aws-sdk/client-sqs';
import type { QueueMessage } from './message';
import { type SendOutcome, sendMessages } from './sender';

/** A record the processor gives up on, with why (SPEC §5.3). */
export interface DeadLetter {
  /** The original message, body and attributes unchanged, so a redrive replays it as it was. */
  original: QueueMessage;
  errorCode: string;
  errorMessage: string;
  sourceMessageId: string;
  failedAt: Date;
}

/** SQS attribute values are capped; reasons are for people, so a shortened one is fine. */
const maxReasonLength = 1024;

/**
 * Sends permanent failures to the DLQ with attributes error_code, error_message,
 * failed_at and source_message_id. Returns per-letter outcomes: a failed send
 * must be retried by the caller (reported as a transient failure), never dropped.
 */
export function sendToDeadLetterQueue(
  sqs: SQSClient,
  dlqUrl: string,
  letters: DeadLetter[],
  maxBatchBytes: number,
): Promise<SendOutcome[]> {
  return sendMessages(
    sqs,
    dlqUrl,
    letters.map((letter) => ({
      body: letter.original.body,
      attributes: {
        ...letter.original.attributes,
        error_code: letter.errorCode,
        error_message: letter.errorMessage.slice(0, maxReasonLength) || letter.errorCode,
        failed_at: letter.failedAt.toISOString(),
        source_message_id: letter.sourceMessageId,
      },
    })),
    maxBatchBytes,
  );
}
