import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createLifecycle } from '@fluxa/migrate';
import { Deadline } from './deadline';
import type { BenchEnvironment } from './environment';
import type { PurgeBenchOptions } from './options';
import { type MeasurementResult, metric } from './results';

/** The purge's retention here: the old keys are 40–139 days old, the recent ones new. */
const retentionDays = 30;

/**
 * idempotency-purge: the migrate function's scheduled key purge (its lifecycle run, as deployed:
 * batches of 5,000, one statement and commit each) over `keys` old `success` keys among as many
 * recent ones, on durable PostgreSQL. Each batch is timed from the moment its statement is sent
 * to the next one's (the last to the call's end): what a concurrent processor could wait
 * behind at most.
 */
export async function measurePurge(
  env: BenchEnvironment,
  options: PurgeBenchOptions,
): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const { url, sql } = await env.database('bench_purge');
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
  const pool = env.pool(url, 1, (query) => {
    if (/^\s*(with|delete)/i.test(query)) sent.push(performance.now());
  });
  const lifecycle = createLifecycle({
    config: { idempotencyRetentionDays: retentionDays, tenantRetentionDays: {} },
    database: async () => pool,
    s3: () => Promise.reject(new Error('no payload objects here')),
    logger: createLogger('migrate', { level: 'silent' }),
    metrics: createMetrics('migrate', () => {}),
  });
  let deleted = 0;
  const started = performance.now();
  while (!deadline.passed()) {
    const { keys } = await lifecycle(deadline.remainingMs());
    deleted += keys.deleted;
    if (keys.complete) break;
  }
  const ended = performance.now();
  const seconds = (ended - started) / 1000;
  const batchMs = sent.map((at, i) => (sent[i + 1] ?? ended) - at);
  const [left] = await sql<{ old: number; kept: number }[]>`
    select count(*) filter (where event_id like 'purge-%')::int as old,
           count(*) filter (where event_id like 'keep-%')::int as kept
    from idempotency_keys`;
  if (left?.kept !== options.keys)
    throw new Error(`the purge deleted recent keys: ${left?.kept} left`);
  return {
    name: 'idempotency-purge',
    title: `Idempotency key purge: ${options.keys} old success keys among as many recent`,
    status: 'ok',
    parameters: { keys: options.keys, retentionDays, postgres: 'fsync=on, synchronous_commit=on' },
    metrics: [
      metric('purged_per_second', 'keys purged per second', 'keys/s', [deleted / seconds]),
      metric('batch_ms', 'one batch of 5,000 (delete + commit)', 'ms', batchMs),
    ],
    details: {
      deleted,
      batches: batchMs.length,
      oldKeysLeft: left?.old,
      seconds: Number(seconds.toFixed(1)),
    },
  };
}
