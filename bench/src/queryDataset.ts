import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sampleEvents, sampleUserId, seededRandom } from '@fluxa/cli';
import type { Sql } from '@fluxa/db';
import { sampledAt } from './benchEvents';

/** The id of row `index`: requests address rows by their index. */
export const queryEventId = (index: number) => `q-${String(index).padStart(8, '0')}`;

/** The id of user number `index` (0-based), as the CLI names sample users. */
export const queryUserId = (index: number, users: number) => sampleUserId('user', index, users);

const sha = 'a'.repeat(64);

/**
 * COPY `rows` events (10 per correlation id, all notified) drawn from the CLI's
 * seeded sample generator; row `i` belongs to user `i mod users`, so every user
 * has `rows / users` events and every list page the benchmark asks for is full.
 * The secondary indexes are dropped for the load and rebuilt from their own
 * definitions (pg_indexes), the usual bulk-load practice: the schema that is
 * measured is exactly the migrated one.
 */
export async function seedQueryDataset(sql: Sql, rows: number, users: number): Promise<void> {
  const indexes = await sql<{ name: string; definition: string }[]>`
    select indexname as name, indexdef as definition from pg_indexes
    where schemaname = 'public' and tablename = 'events' and indexname <> 'events_pkey'`;
  for (const index of indexes) await sql`drop index ${sql(index.name)}`;
  // Two COPY streams on two connections: the load is CPU-bound in the server, and there are 2 cores.
  const half = Math.floor(rows / 2);
  await Promise.all([copyRows(sql, 0, half, users), copyRows(sql, half, rows, users)]);
  for (const index of indexes) {
    await sql.begin(async (tx) => {
      await tx`set local maintenance_work_mem = '256MB'`;
      await tx.unsafe(index.definition);
    });
  }
}

/**
 * Rows `from` to `to` − 1 as COPY text, 10,000 rows per chunk (the sample
 * values hold no tab, newline or backslash, so nothing needs escaping).
 */
function* copyText(from: number, to: number, users: number): Generator<string> {
  const random = seededRandom(from + 1);
  const chunk = 10_000;
  for (let start = from; start < to; start += chunk) {
    const count = Math.min(to, start + chunk) - start;
    const events = sampleEvents({
      count,
      users,
      userPrefix: 'user',
      days: 30,
      now: sampledAt,
      random,
    });
    let text = '';
    events.forEach((event, offset) => {
      const i = start + offset;
      const ts = event.timestamp;
      text += `${queryEventId(i)}\tcorr-${Math.floor(i / 10)}\t${queryUserId(i % users, users)}\t${event.amount}\t${event.currency}\t${event.merchant}\t${ts}\t${JSON.stringify(event.metadata)}\tINLINE\t\\N\t${sha}\t${ts}\t${ts}\n`;
    });
    yield text;
  }
}

async function copyRows(sql: Sql, from: number, to: number, users: number): Promise<void> {
  const writable = await sql`
    copy events (event_id, correlation_id, user_id, amount, currency, merchant, ts, metadata,
                 payload_mode, s3_key, payload_sha256, received_at, notified_at)
    from stdin`.writable();
  await pipeline(Readable.from(copyText(from, to, users)), writable);
}
