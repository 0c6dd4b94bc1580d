-- A correction the producer can see: a resend of a stored event id with another payload is
-- refused (EVENT_ID_CONFLICT), and the stored row counts it, with when the last one was received,
-- its payload hash and correlation id — what GET /events/{id}/status reports. On the event's own
-- row, so it lives exactly as long as the event does. Catalog-only: a constant default on a new
-- column rewrites nothing.
alter table events
  add column conflicts integer not null default 0 check (conflicts >= 0),
  add column last_conflict_at timestamptz,
  add column last_conflict_sha256 text check (last_conflict_sha256 ~ '^[0-9a-f]{64}$'),
  add column last_conflict_correlation_id text;
