import { aPersistedEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import type postgres from 'postgres';
import { claim, claimAndStore, fail, purgeSucceededKeys } from '../src';

let db: TestDatabase;
let sql: postgres.Sql;

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});

afterAll(async () => {
  await db.drop();
});

/** Stores events as the processor does, then dates their keys `daysAgo` back. */
async function storedKeys(count: number, daysAgo: number, prefix: string): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) =>
    aPersistedEvent({ event_id: `${prefix}-${i}` }),
  );
  await claimAndStore(sql, events);
  const ids = events.map((e) => e.event_id);
  await sql`
    update idempotency_keys
    set last_seen_at = now() - make_interval(days => ${daysAgo}), locked_until = null
    where event_id = any(${ids})`;
  return ids;
}

const remaining = async (ids: string[]) =>
  (
    await sql<{ event_id: string }[]>`
      select event_id from idempotency_keys where event_id = any(${ids}) order by event_id`
  ).map((r) => r.event_id);

describe('purgeSucceededKeys', () => {
  it('deletes success keys older than the retention in batches and keeps newer, failed and leased keys', async () => {
    // Prepare
    const old = await storedKeys(25, 40, 'old');
    const recent = await storedKeys(3, 5, 'recent');
    await fail(sql, [{ tenant_id: 'default', event_id: 'failed-1', sha256: null, reason: 'x' }]);
    await sql`update idempotency_keys set last_seen_at = now() - interval '40 days' where event_id = 'failed-1'`;
    const leased = aPersistedEvent({ event_id: 'leased-1' });
    await claim(sql, [{ ...leased, sha256: leased.payload_sha256 }], 600);
    await sql`update idempotency_keys set status = 'success', last_seen_at = now() - interval '40 days' where event_id = 'leased-1'`;

    // Act
    const outcome = await purgeSucceededKeys(sql, {
      retentionDays: 30,
      batchSize: 10,
      deadline: Date.now() + 60_000,
    });

    // Assess
    expect(outcome).toEqual({ deleted: 25, batches: 3, complete: true });
    expect(await remaining(old)).toEqual([]);
    expect(await remaining(recent)).toEqual([...recent].sort());
    expect(await remaining(['failed-1', 'leased-1'])).toEqual(['failed-1', 'leased-1']);
    expect(await sql`select 1 from events where event_id = any(${old})`).toHaveLength(25);
  });

  it('stops at its deadline and says the purge is not complete', async () => {
    // Prepare: a run whose time is already up (it still does one batch)
    const old = await storedKeys(12, 40, 'bounded');

    // Act
    const outcome = await purgeSucceededKeys(sql, {
      retentionDays: 30,
      batchSize: 5,
      deadline: Date.now() - 1,
    });

    // Assess
    expect(outcome).toEqual({ deleted: 5, batches: 1, complete: false });
    expect(await remaining(old)).toHaveLength(7);
  });

  it('skips a key another transaction holds instead of waiting for it', async () => {
    // Prepare
    const [held, free] = await storedKeys(2, 40, 'held');
    const other = await sql.reserve();
    await other`begin`;
    await other`select 1 from idempotency_keys where event_id = ${held!} for update`;

    // Act
    const outcome = await purgeSucceededKeys(sql, {
      retentionDays: 30,
      batchSize: 10,
      deadline: Date.now() + 60_000,
    });
    await other`rollback`;
    other.release();

    // Assess
    expect(outcome.complete).toBe(true);
    expect(await remaining([held!, free!])).toEqual([held]);
  });
});
