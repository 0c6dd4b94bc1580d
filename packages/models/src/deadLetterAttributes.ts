import { failureCodes, retryCodes } from './permanentError';

/**
 * The message attributes a dead letter carries besides the original message's own: what the
 * processor writes and what operators (the CLI's `dlq` commands) read.
 */
export const deadLetterAttributes = {
  /** A failure or retry code: why the record was given up. */
  errorCode: 'error_code',
  /** A sentence for people, at most {@link deadLetterValueMaxBytes}.errorMessage UTF-8 bytes. */
  errorMessage: 'error_message',
  /** When it was dead-lettered, RFC 3339 UTC. */
  failedAt: 'failed_at',
  /** The SQS message id of the record on the main queue. */
  sourceMessageId: 'source_message_id',
  /** How many times the main queue had delivered it (ApproximateReceiveCount). */
  receiveCount: 'receive_count',
} as const;

/**
 * The longest value each dead-letter attribute carries, in UTF-8 bytes: the error code is one
 * of the code lists; the reason is cut to 1,024 bytes; `failed_at` is an ISO instant
 * (`2026-01-01T00:00:00.000Z`); SQS message ids are at most 100 characters (cut at 128 to be
 * sure); a receive count is an integer below 2^31.
 */
export const deadLetterValueMaxBytes = {
  errorCode: Math.max(...[...failureCodes, ...retryCodes].map((code) => code.length)),
  errorMessage: 1024,
  failedAt: '2026-01-01T00:00:00.000Z'.length,
  sourceMessageId: 128,
  receiveCount: String(2 ** 31).length,
} as const satisfies Record<keyof typeof deadLetterAttributes, number>;

/**
 * The most a dead letter adds to its message as SQS counts size (each attribute's name, its
 * data type `String` and its value). The DLQ has the main queue's size limit, so a message
 * travels INLINE only when it fits with this much room to spare: whatever the processor
 * dead-letters, it can send.
 */
export const deadLetterAttributesMaxBytes = (
  Object.keys(deadLetterAttributes) as (keyof typeof deadLetterAttributes)[]
).reduce(
  (total, name) =>
    total + deadLetterAttributes[name].length + 'String'.length + deadLetterValueMaxBytes[name],
  0,
);
