-- Delivery from the store: the trace context of the request that sent an event (carried to its
-- notifications, whoever publishes them), the replays of a tenant's notifications, and the
-- roles of the two functions that publish and run them.
--
-- Catalog-only where it touches `events`: a nullable column without a default rewrites nothing.
alter table events add column traceparent text
  check (traceparent ~ '^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$');

-- A replay publishes again, in (created_at, event_id) order, the notifications of a tenant's
-- events stored in [stored_after, stored_before), optionally of one user or merchant. The
-- relay runs it a page at a time; the cursor is the last row published (its checkpoint).
create table replays (
  tenant_id         text        not null,
  replay_id         text        not null,
  status            text        not null check (status in ('running', 'done', 'failed')),
  stored_after      timestamptz not null,
  stored_before     timestamptz not null check (stored_before > stored_after),
  user_id           text,
  merchant          text,
  matched           bigint      not null check (matched >= 0),
  published         bigint      not null default 0 check (published >= 0),
  cursor_created_at timestamptz,
  cursor_event_id   text,
  created_at        timestamptz not null default now(),
  finished_at       timestamptz,
  error             text,
  primary key (tenant_id, replay_id)
);

-- One running replay per tenant: a second is refused (409) by this index, not by a race.
create unique index replays_one_running_per_tenant on replays (tenant_id) where status = 'running';
-- GET /replays: a tenant's replays, newest first.
create index replays_tenant_created_idx on replays (tenant_id, created_at desc);

-- The relay (fluxa_relay, in fluxa_relayer) publishes owed notifications and runs replays: it
-- reads events and sets notified_at, and reads and checkpoints replays. Nothing else.
do $$
begin
  create role fluxa_relayer nologin;
exception
  when duplicate_object or unique_violation then null;  -- roles are cluster-wide
end
$$;
grant select on events to fluxa_relayer;
grant update (notified_at) on events to fluxa_relayer;
grant select, update on replays to fluxa_relayer;

-- The control function (fluxa_control, in fluxa_controller) serves /replays: it counts the
-- events a replay matches and records the replay. Nothing else.
do $$
begin
  create role fluxa_controller nologin;
exception
  when duplicate_object or unique_violation then null;
end
$$;
grant select on events to fluxa_controller;
grant select, insert on replays to fluxa_controller;

grant select on replays to fluxa_readonly;
