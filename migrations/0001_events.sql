-- Persisted events: one row per event (see docs/INVARIANTS.md).
create table events (
  event_id       text        primary key,
  correlation_id text        not null,
  user_id        text        not null,
  amount         numeric     not null check (amount > 0),  -- exact decimal, never float
  currency       char(3)     not null,
  merchant       text        not null,
  ts             timestamptz not null,                      -- the event's own timestamp
  metadata       jsonb,
  payload_mode   text        not null check (payload_mode in ('INLINE', 'S3')),
  s3_key         text,
  payload_sha256 text        not null check (payload_sha256 ~ '^[0-9a-f]{64}$'),
  received_at    timestamptz not null,                      -- when ingest accepted it
  created_at     timestamptz not null default now(),
  notified_at    timestamptz                                -- null until published to SNS
);

-- GET /events?user_id=… and ?correlation_id=…: newest first, keyset on (ts, event_id).
create index events_user_ts_idx on events (user_id, ts desc, event_id desc);
create index events_correlation_ts_idx on events (correlation_id, ts desc, event_id desc);

-- Operators find persisted-but-unnotified events without scanning the table.
create index events_unnotified_idx on events (created_at) where notified_at is null;
