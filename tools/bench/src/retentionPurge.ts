import { deadlineIn } from './deadline';
import type { BenchEnvironment } from './environment';
import { purgeMetrics, timedLifecycle } from './lifecycleRun';
import { atMost, type MeasurementResult, metric } from './results';
import { storeEvents } from './storedEvents';

/** What retention-purge runs with: events past their retention (among as many kept). */
export interface RetentionOptions {
  events: number;
  budgetMs: number;
}

const retentionDays = 30;
/** Each stored event's metadata padding: about 1 KB of event, as the pipeline measurements send. */
const noteBytes = 768;
const dayMs = 86_400_000;

/**
 * retention-purge: the retention purge of the migrate function's scheduled lifecycle (30 days,
 * idempotency keys 30 days too: each event goes with its key, in statements of 10,000) on
 * durable PostgreSQL, over a fill–purge–fill cycle: `events` stored 40 days ago, then as many
 * a day ago (kept, after them on disk), each with its key; one run until none is due; two
 * plain `vacuum`s (autovacuum's passes); then `events` more stored now, which should fit in
 * the space the purge freed. Also the bytes one stored event takes, measured after the fill.
 */
export async function measureRetentionPurge(
  env: BenchEnvironment,
  options: RetentionOptions,
): Promise<MeasurementResult> {
  const deadline = deadlineIn(options.budgetMs);
  const { url, sql } = await env.database('bench_retention');
  const fill = async (prefix: string, storedAt: Date) => {
    await storeEvents(sql, { prefix, rows: options.events, storedAt, notified: true, noteBytes });
    await sql`
      insert into idempotency_keys (event_id, status, payload_sha256, first_seen_at, last_seen_at)
      select event_id, 'success', payload_sha256, received_at, created_at from events
      where event_id like ${`${prefix}-%`}`;
    await sql`vacuum analyze events, idempotency_keys`;
  };
  const sizes = async () => {
    const [row] = await sql<{ events: number; keys: number }[]>`
      select pg_total_relation_size('events')::float8 as events,
             pg_total_relation_size('idempotency_keys')::float8 as keys`;
    return { events: row?.events ?? 0, keys: row?.keys ?? 0 };
  };
  await fill('old', new Date(Date.now() - (retentionDays + 10) * dayMs));
  await fill('kept', new Date(Date.now() - dayMs));
  const filled = await sizes();
  const run = await timedLifecycle(env, {
    url,
    settings: { EVENT_RETENTION_DAYS: `${retentionDays}`, IDEMPOTENCY_RETENTION_DAYS: '30' },
    statement: /^\s*with doomed as \(\s*select tenant_id, event_id from events/,
    budgetMs: deadline.remainingMs(),
  });
  const [left] = await sql<{ old: number; kept: number }[]>`
    select count(*) filter (where event_id like 'old-%')::int as old,
           count(*) filter (where event_id like 'kept-%')::int as kept from events`;
  if (left?.old !== 0 || left.kept !== options.events)
    throw new Error(`after the purge: ${left?.old} due events left, ${left?.kept} kept`);
  // Autovacuum's passes: the first frees the heap's space and deletes the emptied index pages,
  // which PostgreSQL recycles at a later pass, once no transaction (here: one) could see them.
  await sql`vacuum events, idempotency_keys`;
  await sql`select txid_current()`;
  await sql`vacuum events, idempotency_keys`;
  await fill('new', new Date());
  const refilled = await sizes();
  const total = (s: { events: number; keys: number }) => s.events + s.keys;
  const rows = 2 * options.events;
  const mb = (s: { events: number; keys: number }) => ({
    events: s.events / 2 ** 20,
    keys: s.keys / 2 ** 20,
  });
  return {
    name: 'retention-purge',
    title: 'Retention purge: events past their retention deleted (durable PostgreSQL)',
    status: 'ok',
    parameters: { ...options, retentionDays, noteBytes },
    metrics: [
      ...purgeMetrics(
        run,
        {
          key: 'events_per_second',
          label: 'expired events deleted per second (with their keys)',
          unit: 'events/s',
          deleted: run.report.retention.eventsDeleted,
        },
        'one statement (10,000 events + commit)',
      ),
      metric(
        'refill_ratio',
        'tables after purge and refill ÷ before the purge',
        '×',
        [total(refilled) / total(filled)],
        atMost(1.1, '≤ 1.1 (stable)'),
      ),
      metric('bytes_per_event', 'bytes on disk per stored event', 'bytes', [total(filled) / rows]),
    ],
    details: {
      deleted: run.report.retention.eventsDeleted,
      seconds: run.seconds,
      bytesPerEvent: { eventWithIndexes: filled.events / rows, keyWithIndexes: filled.keys / rows },
      mebibytes: { filled: mb(filled), refilled: mb(refilled) },
    },
  };
}
