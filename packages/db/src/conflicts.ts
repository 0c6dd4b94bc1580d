import type { SqlOrTx } from './client';
import type { EventKey } from './keys';

/** A refused resend: another payload under a stored event's id. */
export interface Conflict extends EventKey {
  sha256: string;
  correlationId: string;
  /** When ingest received the refused resend (RFC 3339). */
  receivedAt: string;
}

/**
 * Counts refused resends on their stored events, in one statement: each event's count grows
 * by its conflicts, and the latest received one (by ingest time) is kept as its last.
 */
export async function recordConflicts(sql: SqlOrTx, conflicts: Conflict[]): Promise<void> {
  if (conflicts.length === 0) return;
  await sql`
    with c as (
      select tenant_id, event_id, sha256, correlation_id, received_at::timestamptz as received_at
      from unnest(${conflicts.map((c) => c.tenant_id)}::text[],
                  ${conflicts.map((c) => c.event_id)}::text[],
                  ${conflicts.map((c) => c.sha256)}::text[],
                  ${conflicts.map((c) => c.correlationId)}::text[],
                  ${conflicts.map((c) => c.receivedAt)}::text[])
        as c(tenant_id, event_id, sha256, correlation_id, received_at)
    ),
    per_event as (
      select distinct on (tenant_id, event_id) tenant_id, event_id, sha256, correlation_id,
             received_at, count(*) over (partition by tenant_id, event_id) as n
      from c order by tenant_id, event_id, received_at desc
    )
    update events e set
      conflicts = e.conflicts + p.n,
      last_conflict_at = greatest(e.last_conflict_at, p.received_at),
      last_conflict_sha256 = case when e.last_conflict_at is null or p.received_at >= e.last_conflict_at
                                  then p.sha256 else e.last_conflict_sha256 end,
      last_conflict_correlation_id = case when e.last_conflict_at is null or p.received_at >= e.last_conflict_at
                                          then p.correlation_id else e.last_conflict_correlation_id end
    from per_event p
    where e.tenant_id = p.tenant_id and e.event_id = p.event_id`;
}
