-- fluxa:no-transaction
-- Retention of idempotency keys: the purge deletes `success` keys last seen before the
-- retention cutoff, a batch at a time, oldest first. This partial index finds them without
-- scanning the table; built CONCURRENTLY, so the processor keeps writing while it builds.
-- Keys are judged stored by their `events` row, never by the key, so a purged key cannot let
-- an event be stored twice (docs/RUNBOOK.md, "Idempotency key retention").
create index concurrently if not exists idempotency_keys_success_seen_idx
  on idempotency_keys (last_seen_at) where status = 'success';
