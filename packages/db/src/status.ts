import type { EventStatus } from '@fluxa/models';
import type { Sql } from './client';
import type { EventKey } from './keys';
import { utcText } from './utcText';

/**
 * What the processor knows of a tenant's event (GET /events/{id}/status), or undefined if never
 * seen. An event whose row exists is `stored`, whatever its key says (a later copy's failure
 * never turns it `failed`). An event stored longer ago than the keys' retention has no key any
 * more: it is `stored`, seen once, when its row was created (the attempts before were purged).
 * A stored event refused resends with other payloads reports them as `conflicts`. An erased
 * event (deleted by an erasure of its user; its id kept as a tombstone) is `erased`.
 */
export async function getEventStatus(sql: Sql, key: EventKey): Promise<EventStatus | undefined> {
  const [row] = await sql<
    {
      event_id: string;
      status: EventStatus['status'];
      attempts: number;
      first_seen_at: string;
      last_seen_at: string;
      error_reason: string | null;
      notified_at: string | null;
      conflicts: number | null;
      last_conflict_at: string | null;
      last_conflict_sha256: string | null;
      last_conflict_correlation_id: string | null;
    }[]
  >`
    select q.event_id,
           case when e.event_id is not null then 'stored'
                when t.event_id is not null then 'erased'
                when k.status = 'success' then 'stored'
                else k.status end as status,
           coalesce(k.attempts, 1) as attempts,
           ${sql.unsafe(utcText('coalesce(k.first_seen_at, e.created_at, t.erased_at)'))} as first_seen_at,
           ${sql.unsafe(utcText('coalesce(k.last_seen_at, e.created_at, t.erased_at)'))} as last_seen_at,
           k.error_reason,
           ${sql.unsafe(utcText('e.notified_at'))} as notified_at,
           e.conflicts, ${sql.unsafe(utcText('e.last_conflict_at'))} as last_conflict_at,
           e.last_conflict_sha256, e.last_conflict_correlation_id
    from (select ${key.tenant_id}::text as tenant_id, ${key.event_id}::text as event_id) q
    left join idempotency_keys k on k.tenant_id = q.tenant_id and k.event_id = q.event_id
    left join events e on e.tenant_id = q.tenant_id and e.event_id = q.event_id
    left join tombstones t on t.tenant_id = q.tenant_id and t.event_id = q.event_id
    where k.event_id is not null or e.event_id is not null or t.event_id is not null`;
  if (!row) return undefined;
  const { error_reason, notified_at, conflicts, ...rest } = row;
  const { last_conflict_at, last_conflict_sha256, last_conflict_correlation_id, ...status } = rest;
  return {
    ...status,
    ...(error_reason === null ? {} : { error_reason }),
    ...(notified_at === null ? {} : { notified_at }),
    ...(conflicts && last_conflict_at && last_conflict_sha256 && last_conflict_correlation_id
      ? {
          conflicts: {
            count: conflicts,
            last_received_at: last_conflict_at,
            last_payload_sha256: last_conflict_sha256,
            last_correlation_id: last_conflict_correlation_id,
          },
        }
      : {}),
  };
}
