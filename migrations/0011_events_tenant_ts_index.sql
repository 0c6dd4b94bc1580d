-- fluxa:no-transaction
-- GET /events without a user or correlation id: a tenant's events, newest timestamp first
-- (a new consumer's backfill, `fluxa export`). Keyset pages are range scans of this index,
-- never a sequential scan. Built CONCURRENTLY: the processor keeps writing while it builds.
create index concurrently if not exists events_tenant_ts_idx
  on events (tenant_id, ts desc, event_id desc);
