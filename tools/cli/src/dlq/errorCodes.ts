import { type DeadLetterCode, type FailureCode, failureCodes, retryCodes } from '@fluxa/models';
import { type FlagValues, stringsFlag } from '../args';
import { UsageError } from '../errors';

/**
 * The error code the CLI shows for a DLQ message without an `error_code`: SQS itself
 * moved it after maxReceiveCount failed receives (transient failures).
 */
export const maxReceivesCode = 'MAX_RECEIVES_EXCEEDED';

/** An error code DLQ messages can be selected by. */
export type DlqErrorCode = DeadLetterCode | typeof maxReceivesCode;

/** Every code a dead letter can carry, in the order the models list them, then SQS's own. */
const selectable: readonly DlqErrorCode[] = [...failureCodes, ...retryCodes, maxReceivesCode];

/**
 * The codes `dlq redrive` takes when none is named: transient failures that outlasted every
 * receive (and those SQS moved), which a redrive after the cause is gone stores.
 */
export const redrivenByDefault: ReadonlySet<string> = new Set<DlqErrorCode>([
  ...retryCodes,
  maxReceivesCode,
]);

/** Why a redrive leaves a letter of each other code unless it is named with --code. */
export const whyNotRedriven: Record<FailureCode, string> = {
  MALFORMED_ENVELOPE:
    'permanent: not a message ingest writes (another producer wrote to the queue)',
  HASH_MISMATCH: 'permanent: the payload differs from its hash (tampering or corruption)',
  INVALID_PAYLOAD: 'permanent: the payload is not a valid event; fix the rule or the data first',
  PAYLOAD_MISSING: 'needs a fix first: restore the payload object in S3',
  EVENT_ID_CONFLICT: 'permanent: the event id is stored with another payload, which stays',
  UNSTORABLE_PAYLOAD: 'needs a fix first: the database refused the row (SQLSTATE in the reason)',
};

function isDlqErrorCode(code: string): code is DlqErrorCode {
  return (selectable as readonly string[]).includes(code);
}

/**
 * The `--code` flags (repeatable), or undefined when absent. A code no dead letter can carry
 * is a usage error listing the valid ones, so a typo does not silently select nothing.
 */
export function codesFlag(values: FlagValues): ReadonlySet<DlqErrorCode> | undefined {
  const raw = stringsFlag(values, 'code');
  if (raw.length === 0) return undefined;
  return new Set(
    raw.map((value) => {
      const code = value.trim().toUpperCase();
      if (isDlqErrorCode(code)) return code;
      throw new UsageError(`--code must be one of ${selectable.join(', ')}; got '${value}'`);
    }),
  );
}
