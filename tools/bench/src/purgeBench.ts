import { purgeSucceededKeys } from '@fluxa/idempotency';
import { Deadline } from './deadline';
import type { BenchEnvironment } from './environment';
import { type MeasurementResult, metric } from './results';

export interface PurgeBenchOptions {
  /** Old `success` keys to purge (plus as many recent ones it must keep). */
  keys: number;
  budgetMs: number;
}

/** The migrate function's batch size (functions/migrate/src/purge.ts). */
const batchSize = 5_000;

/**
 * idempotency-purge: `purgeSucceededKeys` as the migrate function runs it (batches of 5,000,
 * one statement and commit each) over `keys` old `success` keys among as many recent ones, on
 * durable PostgreSQL; each batch timed, as one call of one batch, so the table shows what a
 * single short transaction costs (what a concurrent processor could wait behind at most).
 */
export async function measurePurge(
  env: BenchEnvironment,
  options: PurgeBenchOptions,
): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const { sql } = await env.database('bench_purge');
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256, first_seen_at, last_seen_at)
    select 'purge-' || g, 'success', repeat('a', 64),
           now() - make_interval(days => 40 + g % 100), now() - make_interval(days => 40 + g % 100)
    from generate_series(1, ${options.keys}::int) g`;
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256)
    select 'keep-' || g, 'success', repeat('a', 64) from generate_series(1, ${options.keys}::int) g`;
  await sql`vacuum analyze idempotency_keys`;
  const batchMs: number[] = [];
  let deleted = 0;
  const started = performance.now();
  while (!deadline.passed()) {
    const t0 = performance.now();
    const outcome = await purgeSucceededKeys(sql, { retentionDays: 30, batchSize, maxBatches: 1 });
    batchMs.push(performance.now() - t0);
    deleted += outcome.deleted;
    if (outcome.complete) break;
  }
  const seconds = (performance.now() - started) / 1000;
  const [left] = await sql<{ old: number; kept: number }[]>`
    select count(*) filter (where event_id like 'purge-%')::int as old,
           count(*) filter (where event_id like 'keep-%')::int as kept
    from idempotency_keys`;
  if (left?.kept !== options.keys)
    throw new Error(`the purge deleted recent keys: ${left?.kept} left`);
  return {
    name: 'idempotency-purge',
    title: `Idempotency key purge: ${options.keys.toLocaleString('en-US')} old success keys among as many recent`,
    status: 'ok',
    parameters: {
      keys: options.keys,
      batchSize,
      retentionDays: 30,
      postgres: 'fsync=on, synchronous_commit=on (durable)',
    },
    metrics: [
      metric('purged_per_second', 'keys purged per second', 'keys/s', [deleted / seconds]),
      metric(
        'batch_ms',
        `one batch of ${batchSize.toLocaleString('en-US')} (delete + commit)`,
        'ms',
        batchMs,
      ),
    ],
    details: { deleted, oldKeysLeft: left?.old, seconds: Number(seconds.toFixed(1)) },
  };
}
