import type { PersistedEvent, StoredRecord } from '@fluxa/models';
import { type ClaimOutcome, claimStatement, outcomesOf } from './claims';
import type { SqlOrTx } from './client';
import { type EventRow, eventRecordset, insertEventsFrom, toStoredRecord } from './eventRows';
import { type EventKey, keyArrays, keyText } from './keys';

/**
 * What storing an event decided: `stored` (this statement inserted it; the stored row, to
 * notify from), or what a claim finds when it did not (duplicate, conflict, busy).
 */
export type StoreOutcome =
  | { kind: 'stored'; record: StoredRecord }
  | Exclude<ClaimOutcome, { kind: 'claimed' }>;

/**
 * Claims a batch of events and stores the claimed ones in ONE statement (one round trip, one
 * commit): a key is claimed exactly when {@link claim} would claim it, and goes straight to
 * `success`, in the same statement that inserts its event — so a key is never seen
 * `processing` and an event never stored without its key. A key whose claim another
 * transaction is making right now is `busy`, not waited for: each key is claimed under a
 * transaction-scoped advisory lock taken with `pg_try_advisory_xact_lock`, and a key whose lock
 * is taken is skipped. Events must have distinct keys. When PostgreSQL refuses a row (a data
 * error) the whole statement fails and nothing is written: the caller then claims and writes in
 * two steps to isolate the row. The outcomes are by `keyText`.
 */
export async function claimAndStore(
  sql: SqlOrTx,
  events: PersistedEvent[],
): Promise<Map<string, StoreOutcome>> {
  if (events.length === 0) return new Map();
  const rows = await claimStatement<EventRow>(sql, {
    input: sql`select * from ${eventRecordset(sql, events)}`,
    status: 'success',
    leaseSeconds: 0,
    claimable: sql`pg_try_advisory_xact_lock(hashtextextended(r.tenant_id || ' ' || r.event_id, 0))`,
    alongside: insertEventsFrom(
      sql,
      sql`r join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id`,
    ),
  });
  const claims = outcomesOf(
    rows,
    events.map((e) => [keyText(e), e.payload_sha256]),
  );
  return new Map(
    rows.map((row): [string, StoreOutcome] => {
      const claimed = claims.get(keyText(row)) ?? { kind: 'busy' };
      if (claimed.kind !== 'claimed') return [keyText(row), claimed];
      // Claimed but not inserted cannot happen under the advisory lock; if it ever did, the
      // redelivery finds out what is stored.
      if (row.written === null) return [keyText(row), { kind: 'busy' }];
      return [keyText(row), { kind: 'stored', record: toStoredRecord(row.written) }];
    }),
  );
}

/**
 * Inserts a batch in one statement; rows whose (tenant, event id) exists are left alone (the
 * first stored payload wins). Returns the rows actually inserted: a claimed key whose row is
 * not among them was stored by someone else meanwhile (say, after its lease expired).
 */
export async function insertEvents(
  sql: SqlOrTx,
  events: PersistedEvent[],
): Promise<StoredRecord[]> {
  if (events.length === 0) return [];
  const rows = await sql<EventRow[]>`${insertEventsFrom(sql, eventRecordset(sql, events))}`;
  return rows.map(toStoredRecord);
}

/** The payload hash of each of these events that is stored, by `keyText`. */
export async function storedHashes(sql: SqlOrTx, keys: EventKey[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const [tenants, ids] = keyArrays(keys);
  const rows = await sql<(EventKey & { payload_sha256: string })[]>`
    select e.tenant_id, e.event_id, e.payload_sha256
    from events e
    join unnest(${tenants}::text[], ${ids}::text[]) as k(tenant_id, event_id)
      on e.tenant_id = k.tenant_id and e.event_id = k.event_id`;
  return new Map(rows.map((row) => [keyText(row), row.payload_sha256]));
}
