import { aPersistedEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import type postgres from 'postgres';
import { claim, claimAndStore, getEvent, insertEvents, keyText } from '../src';

let db: TestDatabase;
let sql: postgres.Sql;
const sha = (c: string) => c.repeat(64);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});

afterAll(async () => {
  await db.drop();
});

const keyRow = (eventId: string) =>
  sql`select status, locked_until > now() as leased from idempotency_keys where event_id = ${eventId}`;

describe('claimAndStore', () => {
  it('claims and stores in one statement, answering with the stored row; the key is success, unleased', async () => {
    // Prepare
    const event = aPersistedEvent();

    // Act
    const outcomes = await claimAndStore(sql, [event]);

    // Assess
    const stored = await getEvent(sql, event);
    expect(stored).toBeDefined();
    expect(outcomes.get(keyText(event))).toEqual({ kind: 'stored', record: stored });
    expect(await keyRow(event.event_id)).toEqual([{ status: 'success', leased: null }]);
  });

  it('judges an event stored without its key (purged) by the stored row, storing nothing', async () => {
    // Prepare
    const stored = aPersistedEvent({ payload_sha256: sha('a') });
    await claimAndStore(sql, [stored]);
    await sql`delete from idempotency_keys where event_id = ${stored.event_id}`;

    // Act
    const same = await claimAndStore(sql, [stored]);
    const other = await claimAndStore(sql, [{ ...stored, payload_sha256: sha('b') }]);

    // Assess
    expect(same.get(keyText(stored))).toEqual({ kind: 'duplicate' });
    expect(other.get(keyText(stored))).toEqual({ kind: 'conflict', storedSha256: sha('a') });
    expect(await keyRow(stored.event_id)).toHaveLength(0);
  });

  it('reports a key another processor holds under a live lease as busy', async () => {
    // Prepare
    const event = aPersistedEvent();
    await claim(sql, [{ ...event, sha256: event.payload_sha256 }], 60);

    // Act
    const outcomes = await claimAndStore(sql, [event]);

    // Assess
    expect(outcomes.get(keyText(event))).toEqual({ kind: 'busy' });
    expect(await sql`select 1 from events where event_id = ${event.event_id}`).toHaveLength(0);
  });

  it('reports a key another transaction is storing right now as busy, without waiting for it', async () => {
    // Prepare: an open transaction that has claimed and stored the event, not yet committed.
    const event = aPersistedEvent();
    const other = await sql.reserve();
    await other`begin`;
    await claimAndStore(other, [event]);

    // Act
    const outcomes = await claimAndStore(sql, [event]);
    await other`commit`;
    other.release();

    // Assess
    expect(outcomes.get(keyText(event))).toEqual({ kind: 'busy' });
    expect(await sql`select 1 from events where event_id = ${event.event_id}`).toHaveLength(1);
  });

  it('writes nothing when the database refuses one row', async () => {
    // Prepare: a currency char(3) cannot hold (SQLSTATE 22001) beside a good event.
    const good = aPersistedEvent();
    const refused = aPersistedEvent({ currency: 'USDX' });

    // Act
    const attempt = claimAndStore(sql, [good, refused]);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: expect.stringMatching(/^22/) });
    const ids = [good.event_id, refused.event_id];
    expect(await sql`select 1 from events where event_id = any(${ids})`).toHaveLength(0);
    expect(await sql`select 1 from idempotency_keys where event_id = any(${ids})`).toHaveLength(0);
  });
});

describe('insertEvents', () => {
  it('answers with the rows it inserted only: a row stored meanwhile under the key is not ours', async () => {
    // Prepare: the key was stored by another processor with another payload
    const ours = aPersistedEvent({ payload_sha256: sha('a') });
    await insertEvents(sql, [{ ...ours, payload_sha256: sha('b') }]);
    const fresh = aPersistedEvent();

    // Act
    const inserted = await insertEvents(sql, [ours, fresh]);

    // Assess
    expect(inserted.map((r) => r.event_id)).toEqual([fresh.event_id]);
    expect((await getEvent(sql, ours))?.payload_sha256).toBe(sha('b'));
  });
});
