import type { Sql } from '@fluxa/db';
import { fail, release } from '@fluxa/idempotency';
import type { Logger } from '@fluxa/logging';
import { isValidEventId, sqsSafeText } from '@fluxa/models';
import {
  claimedIdentity,
  type DeadRecord,
  describeError,
  type RetryRecord,
  receiveCount,
} from '../records';

/**
 * The retried records that are on their last allowed receive, as dead records carrying their
 * retry code and last error: SQS would otherwise move them to the DLQ itself, with no reason.
 */
export function exhaustedRetries(
  retry: RetryRecord[],
  maxReceiveCount: number,
): { exhausted: DeadRecord[]; retry: RetryRecord[] } {
  const exhausted: DeadRecord[] = [];
  const remaining: RetryRecord[] = [];
  for (const r of retry) {
    const count = receiveCount(r.record);
    if (count < maxReceiveCount) {
      remaining.push(r);
      continue;
    }
    const reason = `gave up after ${count} receives: ${describeError(r.error)}`;
    exhausted.push({ record: r.record, code: r.code, reason, ...claimedIdentity(r.record) });
  }
  return { exhausted, retry: remaining };
}

/**
 * Marks the keys of exhausted records `failed` with their reason, so their status never stays
 * `processing` once they left the main queue. A key another processor leases right now
 * (CLAIM_BUSY) is left to that processor. Best effort: when the database is what failed, the
 * dead letter still carries the reason.
 */
export async function markExhausted(
  sql: Sql | undefined,
  exhausted: DeadRecord[],
  logger: Logger,
): Promise<void> {
  const ours = exhausted.filter(
    (d) => d.eventId !== undefined && isValidEventId(d.eventId) && d.code !== 'CLAIM_BUSY',
  );
  if (!sql || ours.length === 0) return;
  const ids = ours.map((d) => d.eventId as string);
  const marks = ours.map((d) => ({
    eventId: d.eventId as string,
    sha256: d.sha256 ?? null,
    reason: sqsSafeText(`${d.code}: ${d.reason}`),
  }));
  try {
    await sql.begin(async (tx) => {
      await release(tx, ids);
      await fail(tx, marks);
    });
  } catch (error) {
    logger.warn({ err: error, records: ids.length }, 'could not mark exhausted records failed');
  }
}
