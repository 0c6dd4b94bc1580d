import type { SQSClient } from '@aws-sdk/client-sqs';
import { deadLetterAttributes, deadLetterValueMaxBytes, sqsSafeText } from '@fluxa/models';
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

/** The longest prefix of `text` whose UTF-8 encoding fits `maxBytes`, cut between code points. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

/**
 * Sends records given up to the DLQ with the attributes of {@link deadLetterAttributes}, each
 * value within {@link deadLetterValueMaxBytes} (the room ingest leaves in every INLINE message,
 * so a dead letter always fits the DLQ): the reason is made of characters SQS carries and cut to
 * 1,024 UTF-8 bytes. Returns per-letter outcomes: a failed send must be retried by the caller,
 * never dropped.
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
          truncateUtf8(sqsSafeText(letter.errorMessage), deadLetterValueMaxBytes.errorMessage) ||
          letter.errorCode,
        [names.failedAt]: letter.failedAt.toISOString(),
        [names.sourceMessageId]: truncateUtf8(
          letter.sourceMessageId,
          deadLetterValueMaxBytes.sourceMessageId,
        ),
        [names.receiveCount]: String(letter.receiveCount),
      },
    })),
    maxBatchBytes,
  );
}
