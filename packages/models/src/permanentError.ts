/** Why the processor gave up on a record at once: retrying cannot help (the DLQ's `error_code`). */
export const failureCodes = [
  'MALFORMED_ENVELOPE',
  'HASH_MISMATCH',
  'INVALID_PAYLOAD',
  'PAYLOAD_MISSING',
  'EVENT_ID_CONFLICT',
  'UNSTORABLE_PAYLOAD',
] as const;

export type FailureCode = (typeof failureCodes)[number];

/**
 * Why a record was handed back to SQS for another try. On its last allowed receive a record
 * that fails again is dead-lettered with this code as its `error_code`.
 */
export const retryCodes = [
  'PAYLOAD_READ',
  'DB_UNAVAILABLE',
  'DB_WRITE',
  'CLAIM_BUSY',
  'DLQ_SEND',
  'SNS_PUBLISH',
  'IN_BATCH_DUPLICATE',
] as const;

export type RetryCode = (typeof retryCodes)[number];

/** Every `error_code` a dead letter may carry. */
export type DeadLetterCode = FailureCode | RetryCode;

/**
 * A failure retrying cannot fix: the processor sends the record to the DLQ at
 * once instead of letting SQS redeliver it. Anything not a PermanentError is
 * transient. Code branches on this class, never on message text.
 */
export class PermanentError extends Error {
  readonly permanent = true;
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
    this.name = 'PermanentError';
  }
}
