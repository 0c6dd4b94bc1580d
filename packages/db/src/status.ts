import type { EventStatus } from '@fluxa/models';
import type { Sql } from './client';
import type { EventKey } from './events';
import { utcText } from './utcText';

/** What the processor knows of a tenant's event (GET /events/{id}/status), or undefined if never seen. */
export async function getEventStatus(sql: Sql, key: EventKey): Promise<EventStatus | undefined> {
  const [row] = await sql<
    {
      event_id: string;
      status: 'processing' | 'stored' | 'failed';
      attempts: number;
      first_seen_at: string;
      last_seen_at: string;
      error_reason: string | null;
      notified_at: string | null;
    }[]
  >`
    select k.event_id,
           case k.status when 'success' then 'stored' else k.status end as status,
           k.attempts,
           ${sql.unsafe(utcText('k.first_seen_at'))} as first_seen_at,
           ${sql.unsafe(utcText('k.last_seen_at'))} as last_seen_at,
           k.error_reason,
           ${sql.unsafe(utcText('e.notified_at'))} as notified_at
    from idempotency_keys k
    left join events e on e.tenant_id = k.tenant_id and e.event_id = k.event_id
    where k.tenant_id = ${key.tenant_id} and k.event_id = ${key.event_id}`;
  if (!row) return undefined;
  const { error_reason, notified_at, ...rest } = row;
  return {
    ...rest,
    ...(error_reason === null ? {} : { error_reason }),
    ...(notified_at === null ? {} : { notified_at }),
  };
}
