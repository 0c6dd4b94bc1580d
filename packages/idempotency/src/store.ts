import { eventRecordset, insertEventsFrom, keyText, type SqlOrTx } from '@fluxa/db';
import type { PersistedEvent } from '@fluxa/models';
import { type ClaimOutcome, type ClaimRow, classify } from './claims';

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
  const rows = await sql<ClaimRow[]>`
    with r as (select * from ${eventRecordset(sql, events)}),
    claimed as (
      insert into idempotency_keys as k (tenant_id, event_id, status, payload_sha256, locked_until)
      select r.tenant_id, r.event_id, 'success', r.payload_sha256,
             now() + make_interval(secs => ${leaseSeconds})
      from r
      where not exists (
          select 1 from events e where e.tenant_id = r.tenant_id and e.event_id = r.event_id)
        and pg_try_advisory_xact_lock(hashtextextended(r.tenant_id || ' ' || r.event_id, 0))
      order by r.tenant_id, r.event_id
      on conflict (tenant_id, event_id) do update
        set status = 'success',
            attempts = k.attempts + 1,
            last_seen_at = now(),
            payload_sha256 = excluded.payload_sha256,
            locked_until = excluded.locked_until,
            error_reason = null
        where k.status <> 'success' and (k.locked_until is null or k.locked_until < now())
      returning k.tenant_id, k.event_id
    ),
    stored as (
      ${insertEventsFrom(
        sql,
        sql`r join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id`,
      )}
    )
    select r.tenant_id,
           r.event_id,
           c.event_id is not null as claimed,
           e.payload_sha256 as stored_sha256,
           e.notified_at is not null as notified,
           k.locked_until > now() as locked
    from r
    left join claimed c on c.tenant_id = r.tenant_id and c.event_id = r.event_id
    left join idempotency_keys k on k.tenant_id = r.tenant_id and k.event_id = r.event_id
    left join events e on e.tenant_id = r.tenant_id and e.event_id = r.event_id`;
  const bySha = new Map(events.map((e) => [keyText(e), e.payload_sha256]));
  return new Map(rows.map((row) => [keyText(row), classify(row, bySha.get(keyText(row)))]));
}
