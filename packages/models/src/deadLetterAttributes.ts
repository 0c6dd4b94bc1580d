/**
 * The message attributes a dead letter carries besides the original message's own: what the
 * processor writes and what operators (the CLI's `dlq` commands) read.
 */
export const deadLetterAttributes = {
  /** A failure or retry code: why the record was given up. */
  errorCode: 'error_code',
  /** A sentence for people, at most 1,024 characters. */
  errorMessage: 'error_message',
  /** When it was dead-lettered, RFC 3339 UTC. */
  failedAt: 'failed_at',
  /** The SQS message id of the record on the main queue. */
  sourceMessageId: 'source_message_id',
  /** How many times the main queue had delivered it (ApproximateReceiveCount). */
  receiveCount: 'receive_count',
} as const;
