import type { BenchEnvironment } from './environment';
import { purgeMetrics, timedLifecycle } from './lifecycleRun';
import type { MeasurementResult } from './results';

/** What idempotency-purge runs with: old `success` keys to purge (among as many recent ones). */
export type KeyPurgeOptions = { keys: number; budgetMs: number };

/** The purge's retention here: the old keys are 40–139 days old, the recent ones new. */
const retentionDays = 30;

/**
 * idempotency-purge: the key purge of the migrate function's scheduled lifecycle, over `keys`
 * old `success` keys among as many recent ones, on durable PostgreSQL, in one run until done;
 * each delete statement (5,000 keys, its own commit) timed.
 */
export async function measureKeyPurge(
  env: BenchEnvironment,
  options: KeyPurgeOptions,
): Promise<MeasurementResult> {
  const { url, sql } = await env.database('bench_key_purge');
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256, first_seen_at, last_seen_at)
    select 'purge-' || g, 'success', repeat('a', 64),
           now() - make_interval(days => 40 + g % 100), now() - make_interval(days => 40 + g % 100)
    from generate_series(1, ${options.keys}::int) g`;
  await sql`
    insert into idempotency_keys (event_id, status, payload_sha256)
    select 'keep-' || g, 'success', repeat('a', 64) from generate_series(1, ${options.keys}::int) g`;
  await sql`vacuum analyze idempotency_keys`;
  const run = await timedLifecycle(env, {
    url,
    settings: { IDEMPOTENCY_RETENTION_DAYS: String(retentionDays) },
    statement: /^\s*with doomed as \(\s*select tenant_id, event_id from idempotency_keys/,
    budgetMs: options.budgetMs,
  });
  const [left] = await sql<{ kept: number }[]>`
    select count(*)::int as kept from idempotency_keys where event_id like 'keep-%'`;
  if (left?.kept !== options.keys)
    throw new Error(`the purge deleted recent keys: ${left?.kept} left`);
  return {
    name: 'idempotency-purge',
    title: 'Idempotency key purge (durable PostgreSQL)',
    status: 'ok',
    parameters: { keys: options.keys, recentKeys: options.keys, retentionDays },
    metrics: purgeMetrics(
      run,
      {
        key: 'keys_per_second',
        label: 'keys purged per second',
        unit: 'keys/s',
        deleted: run.report.keys.deleted,
      },
      'one batch (delete + commit)',
    ),
    details: {
      deleted: run.report.keys.deleted,
      complete: run.report.keys.complete,
      seconds: run.seconds,
    },
  };
}
