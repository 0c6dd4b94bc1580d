import type { Sql } from '@fluxa/db';
import { fail, release } from '@fluxa/idempotency';
import type { Logger } from '@fluxa/logging';
import { sqsSafeText } from '@fluxa/models';
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
  const ours = exhausted.flatMap((d) =>
    d.key && d.code !== 'CLAIM_BUSY' ? [{ ...d, key: d.key }] : [],
  );
  if (!sql || ours.length === 0) return;
  const keys = ours.map((d) => d.key);
  const marks = ours.map((d) => ({
    ...d.key,
    sha256: d.sha256 ?? null,
    reason: sqsSafeText(`${d.code}: ${d.reason}`),
  }));
  try {
    await sql.begin(async (tx) => {
      await release(tx, keys);
      await fail(tx, marks);
    });
  } catch (error) {
    logger.warn({ err: error, records: keys.length }, 'could not mark exhausted records failed');
  }
}
