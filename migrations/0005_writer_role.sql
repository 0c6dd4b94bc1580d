-- The processor's database role: exactly what persisting events needs, no more.
-- A NOLOGIN group role holds the grants; the migrate function creates the login
-- role `fluxa_processor` in it with a generated password kept in Secrets Manager
-- (the master credentials are the migrate function's alone).
--
-- What the processor does, and so all it may do: claim, complete, fail and
-- release idempotency keys (insert ... on conflict do update, update), insert
-- events and set notified_at (insert, update), read both tables. Never delete,
-- truncate, alter, create or drop anything; no role management. PostgreSQL 15+
-- already denies PUBLIC the right to create objects in the public schema.
--
-- Grants are explicit, table by table: a migration that adds a table the
-- processor needs grants it in that same migration (no default privileges, so
-- a new table, say of API clients, is not writable by the processor by accident).
do $$
begin
  create role fluxa_writer nologin;
exception
  when duplicate_object or unique_violation then null;  -- roles are cluster-wide
end
$$;

grant select, insert, update on events, idempotency_keys to fluxa_writer;
