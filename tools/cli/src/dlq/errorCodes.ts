import { type DeadLetterCode, failureCodes, retryCodes } from '@fluxa/models';
import { type FlagValues, stringFlag } from '../args';
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

function isDlqErrorCode(code: string): code is DlqErrorCode {
  return (selectable as readonly string[]).includes(code);
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
  throw new UsageError(`--error-code must be one of ${selectable.join(', ')}; got '${raw}'`);
}
