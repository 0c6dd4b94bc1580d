-- The query function's database role reads and never writes (see docs/INVARIANTS.md).
-- A NOLOGIN group role holds the grants; the migrate function creates the
-- login role `fluxa_query` in it with a generated password kept in Secrets Manager.
do $$
begin
  create role fluxa_readonly nologin;
exception
  when duplicate_object or unique_violation then null;  -- roles are cluster-wide
end
$$;

grant select on events, idempotency_keys to fluxa_readonly;
