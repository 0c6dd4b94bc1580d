import { claimAndStore, fail, isDataError, type Sql } from '@fluxa/db';
import { retryAll } from '../outcome';
import { type DeadRecord, type DecodedRecord, failureMarks } from '../records';
import { type PersistOutcome, persistOutcomeOf, sortByStoreOutcome } from './persisted';

/**
 * The fast path, the common case in one round trip and one commit: claims the primaries' keys
 * and stores the claimed events in a single statement and — only when there are any — marks
 * the records given up before claiming `failed` in the same transaction. Answers `refused`
 * when PostgreSQL refused a row's data (SQLSTATE class 22, 23 or 54): nothing was written, and
 * the caller isolates the row. Any other failure retries every primary (nothing was written,
 * so there is no lease to release).
 */
export async function storeBatch(
  sql: Sql,
  primaries: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
): Promise<PersistOutcome | 'refused'> {
  const marks = failureMarks(deadBeforeClaim);
  if (primaries.length === 0 && marks.length === 0) return persistOutcomeOf({ sql });
  const events = primaries.map((p) => p.event);
  try {
    const outcomes =
      marks.length === 0
        ? await claimAndStore(sql, events)
        : await sql.begin(async (tx) => {
            const stored = await claimAndStore(tx, events);
            await fail(tx, marks);
            return stored;
          });
    return sortByStoreOutcome(primaries, outcomes, persistOutcomeOf({ sql }));
  } catch (error) {
    if (isDataError(error)) return 'refused';
    return persistOutcomeOf({ sql, retry: retryAll(primaries, 'DB_WRITE', error) });
  }
}
