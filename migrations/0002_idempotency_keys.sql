-- What the processor knows about every event it has seen: claims, leases, outcomes.
create table idempotency_keys (
  event_id       text        primary key,
  status         text        not null check (status in ('processing', 'success', 'failed')),
  first_seen_at  timestamptz not null default now(),
  last_seen_at   timestamptz not null default now(),
  attempts       integer     not null default 1 check (attempts > 0),
  error_reason   text,
  payload_sha256 text,
  locked_until   timestamptz  -- a claim's lease: others back off until it passes
);
