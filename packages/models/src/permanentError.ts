/** Why the processor gave up on a record for good (the DLQ's `error_code`, SPEC §5.3). */
export const failureCodes = [
  'MALFORMED_ENVELOPE',
  'HASH_MISMATCH',
  'INVALID_PAYLOAD',
  'PAYLOAD_MISSING',
  'EVENT_ID_CONFLICT',
] as const;

export type FailureCode = (typeof failureCodes)[number];

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
