import { eventRecordset, insertEventsFrom, keyText, type SqlOrTx } from '@fluxa/db';
import type { PersistedEvent } from '@fluxa/models';
import { type ClaimOutcome, claimStatement, outcomesOf } from './claims';

/**
 * Claims a batch of events and stores the claimed ones in ONE statement (one round trip, one
 * commit): a key is claimed exactly when {@link claim} would claim it, and goes straight to
 * `success` with its lease, in the same statement that inserts its event — so a key is never
 * seen `processing` and an event never stored without its key. `claimed` thus means stored.
 * A key whose claim another transaction is making right now is `busy`, not waited for: each
 * key is claimed under a transaction-scoped advisory lock taken with `pg_try_advisory_xact_lock`,
 * and a key whose lock is taken is skipped. Events must have distinct keys. When PostgreSQL
 * refuses a row (a data error) the whole statement fails and nothing is written: the caller
 * then claims and writes in two steps to isolate the row ({@link claim}, then a bisecting
 * write). The outcomes are by `keyText`.
 */
export async function claimAndStore(
  sql: SqlOrTx,
  events: PersistedEvent[],
  leaseSeconds: number,
): Promise<Map<string, ClaimOutcome>> {
  if (events.length === 0) return new Map();
  const rows = await claimStatement(sql, {
    input: sql`select * from ${eventRecordset(sql, events)}`,
    status: 'success',
    leaseSeconds,
    claimable: sql`pg_try_advisory_xact_lock(hashtextextended(r.tenant_id || ' ' || r.event_id, 0))`,
    alongside: insertEventsFrom(
      sql,
      sql`r join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id`,
    ),
  });
  return outcomesOf(
    rows,
    events.map((e) => [keyText(e), e.payload_sha256]),
  );
}
