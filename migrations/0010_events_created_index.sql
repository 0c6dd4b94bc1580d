-- fluxa:no-transaction
-- A tenant's events in the order they were stored: the pages of a replay, and (later) the
-- retention purge. Built CONCURRENTLY, so the processor keeps writing while it builds; a run
-- interrupted mid-build is rebuilt by the next (the runner drops an INVALID index first).
create index concurrently if not exists events_tenant_created_idx
  on events (tenant_id, created_at, event_id);
