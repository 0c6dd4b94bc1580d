import { isDataError, type Sql } from '@fluxa/db';
import { claimAndStore, fail } from '@fluxa/idempotency';
import type { DeadRecord, DecodedRecord, RetryRecord } from '../records';
import { type ClaimStepOutcome, sortByClaim } from './claim';
import { failureMarks } from './write';

/** What storing a batch in one statement decided. */
export interface StoreStepOutcome extends ClaimStepOutcome {
  /**
   * PostgreSQL refused a row's data (SQLSTATE class 22, 23 or 54): nothing was written, and
   * the caller isolates the row in two steps (claim, then a bisecting write).
   */
  refused: boolean;
}

/**
 * The common case in one round trip and one commit: claims the primaries' keys and stores
 * the claimed events as `success` in a single statement, and — only when there are any —
 * marks the records given up before claiming `failed` in the same transaction. `claimed`
 * are stored. Any failure but a data error retries every primary (nothing was written, so
 * there is no lease to release).
 */
export async function storeStep(
  sql: Sql,
  primaries: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
  leaseSeconds: number,
): Promise<StoreStepOutcome> {
  const none = { claimed: [], duplicates: [], conflicts: [], retry: [], refused: false };
  const marks = failureMarks(deadBeforeClaim);
  if (primaries.length === 0 && marks.length === 0) return none;
  const events = primaries.map((p) => p.event);
  try {
    const claims =
      marks.length === 0
        ? await claimAndStore(sql, events, leaseSeconds)
        : await sql.begin(async (tx) => {
            const stored = await claimAndStore(tx, events, leaseSeconds);
            await fail(tx, marks);
            return stored;
          });
    return { ...sortByClaim(primaries, claims), refused: false };
  } catch (error) {
    if (isDataError(error)) return { ...none, refused: true };
    const retry = primaries.map(
      (p): RetryRecord => ({ record: p.record, code: 'DB_WRITE', error }),
    );
    return { ...none, retry };
  }
}
