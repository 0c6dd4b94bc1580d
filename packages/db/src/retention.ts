import type { SqlOrTx } from './client';

/**
 * The tenants that have stored events: a loose index scan of (tenant_id, created_at,
 * event_id) — one index probe per tenant, whatever the table's size.
 */
export async function tenantsWithEvents(sql: SqlOrTx): Promise<string[]> {
  const rows = await sql<{ tenant_id: string }[]>`
    with recursive t as (
      (select tenant_id from events order by tenant_id limit 1)
      union all
      select (select e.tenant_id from events e where e.tenant_id > t.tenant_id
              order by e.tenant_id limit 1)
      from t where t.tenant_id is not null
    )
    select tenant_id from t where tenant_id is not null`;
  return rows.map((row) => row.tenant_id);
}

/**
 * Deletes, in one short statement, up to `limit` of a tenant's events stored before `cutoff`
 * (oldest first, by the (tenant_id, created_at) index; rows another transaction holds are
 * skipped, never waited for) with their idempotency keys. Returns how many went and the payload
 * objects of those that were in S3, for the caller to delete.
 */
export async function purgeExpiredEvents(
  sql: SqlOrTx,
  options: { tenantId: string; cutoff: string; limit: number },
): Promise<{ deleted: number; s3Keys: string[] }> {
  const rows = await sql<{ s3_key: string | null }[]>`
    with doomed as (
      select tenant_id, event_id from events
      where tenant_id = ${options.tenantId} and created_at < ${options.cutoff}::timestamptz
      order by created_at, event_id
      limit ${options.limit}
      for update skip locked
    ),
    gone as (
      delete from events e using doomed d
      where e.tenant_id = d.tenant_id and e.event_id = d.event_id
      returning e.tenant_id, e.event_id, e.s3_key
    ),
    keys as (
      delete from idempotency_keys k using gone g
      where k.tenant_id = g.tenant_id and k.event_id = g.event_id
    )
    select s3_key from gone`;
  return {
    deleted: rows.length,
    s3Keys: rows.flatMap((row) => (row.s3_key === null ? [] : [row.s3_key])),
  };
}
