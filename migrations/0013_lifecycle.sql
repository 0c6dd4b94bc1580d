-- Data lifecycle: erasure by user, suppression, and what exactly-once keeps after a deletion.
--
-- An erasure deletes every stored event of one user of a tenant (received before it was
-- requested) with its payload object, and leaves a tombstone per erased event id — tenant,
-- event id, when; no personal data — so a resend of an erased id is a duplicate, never stored
-- again, and its status is `erased`. The erasure keeps the user id only while it runs (the job
-- needs it to find the rows); afterwards only its SHA-256 (`user_sha256`, of
-- "<tenant_id>:<user_id>"), which is what the processor matches events still in the queue
-- against: an event of the user received before the erasure is not stored after it.
create table erasures (
  tenant_id       text        not null,
  erasure_id      text        not null,
  user_sha256     text        not null check (user_sha256 ~ '^[0-9a-f]{64}$'),
  user_id         text,                      -- cleared when the erasure is done
  suppress        boolean     not null,
  status          text        not null check (status in ('running', 'done', 'failed')),
  requested_at    timestamptz not null default now(),
  events_deleted  bigint      not null default 0 check (events_deleted >= 0),
  objects_deleted bigint      not null default 0 check (objects_deleted >= 0),
  finished_at     timestamptz,
  error           text,
  primary key (tenant_id, erasure_id),
  check (status <> 'done' or user_id is null)
);
-- One running erasure per user of a tenant: a repeated request answers the running one.
create unique index erasures_one_running_per_user on erasures (tenant_id, user_sha256)
  where status = 'running';
-- The processor's check of a queued event, and GET /erasures, newest first.
create index erasures_tenant_user_idx on erasures (tenant_id, user_sha256, requested_at desc);
create index erasures_tenant_requested_idx on erasures (tenant_id, requested_at desc);
-- The lifecycle job's queue.
create index erasures_running_idx on erasures (requested_at) where status = 'running';

-- A suppressed user's later events are refused (ingest: 400 USER_SUPPRESSED; one that slipped
-- past ingest's cache is not stored by the processor). Kept as the user's SHA-256 only.
create table suppressions (
  tenant_id     text        not null,
  user_sha256   text        not null check (user_sha256 ~ '^[0-9a-f]{64}$'),
  suppressed_at timestamptz not null default now(),
  primary key (tenant_id, user_sha256)
);

-- An erased event id: no personal data.
create table tombstones (
  tenant_id text        not null,
  event_id  text        not null,
  erased_at timestamptz not null default now(),
  primary key (tenant_id, event_id)
);

-- The processor reads all three (is this id erased, this user erased or suppressed?) and
-- writes tombstones for queued events of an erased or suppressed user.
grant select on erasures, suppressions to fluxa_writer;
grant select, insert on tombstones to fluxa_writer;
-- The control function records erasures and suppressions.
grant select, insert on erasures to fluxa_controller;
grant select, insert, delete on suppressions to fluxa_controller;
-- Reads: /status answers `erased` from the tombstone.
grant select on erasures, suppressions, tombstones to fluxa_readonly;
