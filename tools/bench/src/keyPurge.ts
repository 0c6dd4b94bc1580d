import { createKeyPurge } from '@fluxa/migrate';
import postgres from 'postgres';
import { deadlineIn } from './deadline';
import type { BenchEnvironment } from './environment';
import { quiet } from './quiet';
import { atLeast, type MeasurementResult, metric } from './results';

/** What idempotency-purge runs with: old `success` keys to purge (among as many recent ones). */
export interface KeyPurgeOptions {
  keys: number;
  budgetMs: number;
}

/** The purge's retention here: the old keys are 40–139 days old, the recent ones new. */
const retentionDays = 30;

/**
 * idempotency-purge: the migrate function's scheduled key purge (`createKeyPurge`, as deployed)
 * over `keys` old `success` keys among as many recent ones, on durable PostgreSQL, until done.
 * Each batch is timed from the moment its statement is sent to the next one's: the longest a
 * processor could wait behind it.
 */
export async function measureKeyPurge(
  env: BenchEnvironment,
  options: KeyPurgeOptions,
): Promise<MeasurementResult> {
  const deadline = deadlineIn(options.budgetMs);
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
  const sent: number[] = [];
  const pool = postgres(url, {
    max: 1,
    onnotice: () => {},
    debug: (_connection, query) => {
      if (/^\s*with/i.test(query)) sent.push(performance.now());
    },
  });
  env.onStop(() => pool.end({ timeout: 2 }));
  const purge = createKeyPurge({
    database: async () => pool,
    retentionDays,
    logger: quiet('migrate').logger,
  });
  let deleted = 0;
  const started = performance.now();
  for (let done = false; !done && !deadline.passed(); ) {
    const outcome = await purge();
    deleted += outcome.deleted;
    done = outcome.complete;
  }
  const ended = performance.now();
  const batchMs = sent.map((at, i) => (sent[i + 1] ?? ended) - at);
  const [left] = await sql<{ kept: number }[]>`
    select count(*)::int as kept from idempotency_keys where event_id like 'keep-%'`;
  if (left?.kept !== options.keys)
    throw new Error(`the purge deleted recent keys: ${left?.kept} left`);
  return {
    name: 'idempotency-purge',
    title: 'Idempotency key purge (durable PostgreSQL)',
    status: 'ok',
    parameters: { keys: options.keys, recentKeys: options.keys, retentionDays },
    metrics: [
      metric(
        'keys_per_second',
        'keys purged per second',
        'keys/s',
        [(deleted * 1000) / (ended - started)],
        atLeast(20_000, '≥ 20,000/s'),
      ),
      metric('batch_ms', 'one batch (delete + commit)', 'ms', batchMs),
    ],
    details: { deleted, batches: batchMs.length },
  };
}
