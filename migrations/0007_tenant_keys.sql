-- fluxa:no-transaction
-- Tenancy, step 2: event ids are unique per tenant, and list queries are led by the tenant.
--
-- Run statement by statement outside a transaction, so readers are never blocked: the
-- new unique indexes are built CONCURRENTLY, then become the primary keys with a brief,
-- metadata-only ALTER; the old list indexes are dropped CONCURRENTLY. Every statement is
-- safe to run again (an interrupted run starts over from the top).
--
-- During the upgrade, a processor of the previous release still running names the old
-- key in `on conflict (event_id)`: once the key is swapped that statement fails, the
-- records are retried, and the new release processes them.

alter table events validate constraint events_tenant_id_check;
alter table idempotency_keys validate constraint idempotency_keys_tenant_id_check;

drop index concurrently if exists events_tenant_event_key;
create unique index concurrently events_tenant_event_key on events (tenant_id, event_id);
alter table events
  drop constraint events_pkey,
  add constraint events_pkey primary key using index events_tenant_event_key;

drop index concurrently if exists idempotency_keys_tenant_event_key;
create unique index concurrently idempotency_keys_tenant_event_key
  on idempotency_keys (tenant_id, event_id);
alter table idempotency_keys
  drop constraint idempotency_keys_pkey,
  add constraint idempotency_keys_pkey primary key using index idempotency_keys_tenant_event_key;

create index concurrently if not exists events_tenant_user_ts_idx
  on events (tenant_id, user_id, ts desc, event_id desc);
create index concurrently if not exists events_tenant_correlation_ts_idx
  on events (tenant_id, correlation_id, ts desc, event_id desc);
drop index concurrently if exists events_user_ts_idx;
drop index concurrently if exists events_correlation_ts_idx;
