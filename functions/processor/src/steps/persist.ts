import type { ProcessorDeps } from '../deps';
import { retryAll } from '../outcome';
import type { DeadRecord, DecodedRecord } from '../records';
import { isolatePoison } from './isolatePoison';
import { type PersistOutcome, persistOutcomeOf } from './persisted';
import { storeBatch } from './storeBatch';

/**
 * Connects, then stores the primaries on the fast path ({@link storeBatch}); only when the
 * database refused a row's data, isolates it on the slow path ({@link isolatePoison}). Records
 * given up before claiming are marked `failed` in the same transaction.
 */
export async function persistStep(
  deps: Pick<ProcessorDeps, 'database' | 'config'>,
  primaries: DecodedRecord[],
  deadBeforeClaim: DeadRecord[],
): Promise<PersistOutcome> {
  const started = performance.now();
  let sql: Awaited<ReturnType<ProcessorDeps['database']>>;
  try {
    sql = await deps.database();
  } catch (error) {
    return persistOutcomeOf({ retry: retryAll(primaries, 'DB_UNAVAILABLE', error) });
  }
  const fast = await storeBatch(sql, primaries, deadBeforeClaim);
  const outcome =
    fast === 'refused'
      ? await isolatePoison(sql, primaries, deadBeforeClaim, deps.config.claimLeaseSeconds)
      : fast;
  return { ...outcome, elapsedMs: performance.now() - started };
}
