import type { DeadLetterCode } from '@fluxa/models';
import { type FlagValues, stringFlag } from '../args';
import { UsageError } from '../errors';

/**
 * The error code the CLI shows for a DLQ message without an `error_code`: SQS itself
 * moved it after maxReceiveCount failed receives (transient failures).
 */
export const maxReceivesCode = 'MAX_RECEIVES_EXCEEDED';

/** An error code DLQ messages can be selected by. */
export type DlqErrorCode = DeadLetterCode | typeof maxReceivesCode;

// Each code once, keyed by the models' type: the compiler rejects a code missing here or
// one the processor never writes, so this runtime list cannot drift from the contract.
const selectable: Record<DlqErrorCode, true> = {
  MALFORMED_ENVELOPE: true,
  HASH_MISMATCH: true,
  INVALID_PAYLOAD: true,
  PAYLOAD_MISSING: true,
  EVENT_ID_CONFLICT: true,
  UNSTORABLE_PAYLOAD: true,
  PAYLOAD_READ: true,
  DB_UNAVAILABLE: true,
  DB_WRITE: true,
  CLAIM_BUSY: true,
  DLQ_SEND: true,
  SNS_PUBLISH: true,
  IN_BATCH_DUPLICATE: true,
  [maxReceivesCode]: true,
};

function isDlqErrorCode(code: string): code is DlqErrorCode {
  return Object.hasOwn(selectable, code);
}

/**
 * The `--error-code` flag, or undefined when absent. A code no dead letter can carry is a
 * usage error listing the valid ones, so a typo does not silently select nothing.
 */
export function errorCodeFlag(values: FlagValues): DlqErrorCode | undefined {
  const raw = stringFlag(values, 'error-code');
  if (raw === undefined) return undefined;
  const code = raw.trim().toUpperCase();
  if (isDlqErrorCode(code)) return code;
  throw new UsageError(
    `--error-code must be one of ${Object.keys(selectable).join(', ')}; got '${raw}'`,
  );
}
