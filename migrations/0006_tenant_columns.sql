-- Tenancy, step 1: every event and idempotency key belongs to a tenant. Rows written
-- before tenancy belong to tenant `default`.
--
-- Without downtime for readers: a column added with a constant default is a catalog-only
-- change (no table rewrite), and the CHECK constraints are added NOT VALID (no scan under
-- the exclusive lock); the next migration validates them and swaps the keys concurrently.
-- The default stays, so a processor of the previous release still writing during the
-- upgrade writes tenant `default`, which is what its events are.
alter table events
  add column tenant_id text not null default 'default';
alter table events
  add constraint events_tenant_id_check
  check (tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$') not valid;

alter table idempotency_keys
  add column tenant_id text not null default 'default';
alter table idempotency_keys
  add constraint idempotency_keys_tenant_id_check
  check (tenant_id ~ '^[a-z0-9][a-z0-9_-]{0,63}$') not valid;
