import type { Sql } from '@fluxa/db';
import { Deadline } from './deadline';
import { median } from './summary';

/** Stores `rows` small past events, all notified and `success`, server-side, then VACUUM ANALYZE. */
export async function seedHistory(sql: Sql, rows: number): Promise<void> {
  if (rows <= 0) return;
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256, attempts)
    select 'history-' || g, 'success', repeat('a', 64), 1 from generate_series(1, ${rows}::int) g`;
  await sql`
    insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts, metadata,
                        payload_mode, payload_sha256, received_at, notified_at)
    select 'history-' || g, 'corr-history-' || g / 10, 'user-' || g % 1000, 1.00, 'USD', 'Merchant',
           timestamptz '2025-01-01' + g * interval '1 second', '{"channel": "web"}', 'INLINE',
           repeat('a', 64), now(), now()
    from generate_series(1, ${rows}::int) g`;
  await sql`vacuum analyze idempotency_keys`;
  await sql`vacuum analyze events`;
}

/** Checks every event of a run is stored and notified: a benchmark that loses rows is void. */
export async function expectStored(sql: Sql, prefix: string, count: number) {
  const [row] = await sql<{ stored: number; unnotified: number }[]>`
    select count(*)::int as stored, count(*) filter (where notified_at is null)::int as unnotified
    from events where event_id like ${`${prefix}-%`}`;
  if (row?.stored !== count) throw new Error(`${prefix}: ${row?.stored} of ${count} events stored`);
  if (row.unnotified > 0) throw new Error(`${prefix}: ${row.unnotified} unnotified`);
}

/** Median time of a one-row autocommit insert: what one WAL flush (fsync) costs on this disk. */
export async function commitLatency(sql: Sql, samples = 200, budgetMs = 5_000): Promise<number> {
  await sql`create table if not exists bench_commit_probe (id serial primary key, at timestamptz default now())`;
  const deadline = new Deadline(budgetMs);
  const times: number[] = [];
  for (let i = 0; i < samples && !deadline.passed(); i++) {
    const t0 = performance.now();
    await sql`insert into bench_commit_probe default values`;
    times.push(performance.now() - t0);
  }
  await sql`drop table bench_commit_probe`;
  return median(times);
}
