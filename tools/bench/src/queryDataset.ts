import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadMigrations, type Migration, runMigrations } from '@fluxa/db';
import { startPostgres } from '@fluxa/local-runtime';
import { sampleUserId } from '@fluxa/samples';
import postgres from 'postgres';
import { repoRoot } from './repoRoot';

/** The id of row `index`: requests address rows by their index. */
export const queryEventId = (index: number) => `q-${String(index).padStart(8, '0')}`;

/** The id of user number `index` (0-based), as the CLI names sample users. */
export const queryUserId = (index: number, users: number) => sampleUserId('user', index, users);

/** The rows' timestamps spread over 30 days from this instant. */
export const queryPeriod = { start: Date.UTC(2026, 9, 1), days: 30 };

/** Bump when the generated rows change shape: the cache is then rebuilt. */
const generatorVersion = 1;

/** The query benchmark's database in a PostgreSQL of its own; `stop` stops that server. */
export interface QueryDatabase {
  url: string;
  /** True when the cached dataset was reused; false when this run generated it. */
  reused: boolean;
  seconds: number;
  stop(): Promise<void>;
}

/**
 * The dataset of `rows` events (10 per correlation id, all notified; row `i` belongs to user
 * `i mod users`, so every user has `rows / users` events and every list page is full), kept in
 * a PostgreSQL cluster of its own under `.bench-cache/query-pg-<rows>` (gitignored) and reused
 * while the migrations, the row count and the generator are unchanged. That cluster runs
 * without fsync: only reads are measured, and a crash merely costs a rebuild.
 */
export async function queryDatabase(rows: number, users: number): Promise<QueryDatabase> {
  const dataDir = path.join(repoRoot, '.bench-cache', `query-pg-${rows}`);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  chmodSync(path.dirname(dataDir), 0o755); // the postgres user (when we are root) must traverse it
  const server = await startPostgres({ dataDir, durable: false, maxConnections: 20 });
  const url = server.url.replace(/\/[^/]*$/, '/bench_query');
  const admin = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    const migrations = loadMigrations(path.join(repoRoot, 'migrations'));
    const fingerprint = createHash('sha256')
      .update(
        JSON.stringify({ rows, users, generatorVersion, m: migrations.map((m) => m.checksum) }),
      )
      .digest('hex');
    const started = performance.now();
    const [exists] = await admin`select 1 from pg_database where datname = 'bench_query'`;
    const reused = exists !== undefined && (await markerOf(url)) === fingerprint;
    if (!reused) {
      await admin`drop database if exists bench_query`;
      await admin`create database bench_query`;
      await buildDataset(url, { rows, users, migrations, fingerprint });
    }
    const seconds = (performance.now() - started) / 1000;
    return { url, reused, seconds, stop: () => server.stop() };
  } catch (error) {
    await server.stop();
    throw error;
  } finally {
    await admin.end();
  }
}

/** The fingerprint a complete dataset left behind (written last), if any. */
async function markerOf(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [marker] = await sql<{ fingerprint: string }[]>`select fingerprint from bench_dataset`
    .catch(() => [])
    .finally(() => sql.end());
  return marker?.fingerprint;
}

/**
 * Migrates, drops the secondary indexes, generates the rows by `insert … select … from
 * generate_series` in two halves on two connections (generating is CPU-bound in the server;
 * there are two cores), rebuilds the indexes from their own definitions (the migrated schema,
 * exactly), analyzes, then writes the marker.
 */
async function buildDataset(
  url: string,
  dataset: { rows: number; users: number; migrations: Migration[]; fingerprint: string },
): Promise<void> {
  const { rows, users } = dataset;
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  try {
    await runMigrations(sql, dataset.migrations);
    const indexes = await sql<{ name: string; definition: string }[]>`
      select indexname as name, indexdef as definition from pg_indexes
      where schemaname = 'public' and tablename = 'events' and indexname <> 'events_pkey'`;
    for (const index of indexes) await sql`drop index ${sql(index.name)}`;
    const width = Math.max(3, String(users).length);
    const generate = (from: number, to: number) => sql`
      insert into events (tenant_id, event_id, correlation_id, user_id, amount, currency, merchant,
                          ts, metadata, payload_mode, payload_sha256, received_at, created_at,
                          notified_at)
      select 'default', 'q-' || lpad(g::text, 8, '0'), 'corr-' || (g / 10),
             'user-' || lpad((g % ${users} + 1)::text, ${width}, '0'),
             round((1 + (g * 7919 % 50000) / 100.0)::numeric, 2),
             (array['USD', 'EUR', 'GBP', 'CHF'])[1 + g % 4],
             (array['Coffee Bar', 'Book Store', 'Grocer', 'Hotel Central', 'Pharmacy Plus'])[1 + g % 5],
             t.ts, jsonb_build_object('channel', (array['web', 'pos', 'app'])[1 + g % 3], 'order', g),
             'INLINE', repeat('a', 64), t.ts, t.ts, t.ts
      from generate_series(${from}::bigint, ${to - 1}::bigint) g,
           lateral (select ${new Date(queryPeriod.start)}::timestamptz
                           + (g * 2591 % ${queryPeriod.days * 86_400}) * interval '1 second' as ts) t`;
    await Promise.all([generate(0, Math.floor(rows / 2)), generate(Math.floor(rows / 2), rows)]);
    for (const index of indexes) {
      await sql.begin(async (tx) => {
        await tx`set local maintenance_work_mem = '512MB'`;
        await tx.unsafe(index.definition);
      });
    }
    await sql`vacuum (analyze) events`;
    await sql`create table bench_dataset (fingerprint text not null)`;
    await sql`insert into bench_dataset values (${dataset.fingerprint})`;
  } finally {
    await sql.end();
  }
}
