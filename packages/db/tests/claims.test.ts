import { aPersistedEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import type postgres from 'postgres';
import {
  claim,
  complete,
  type EventKey,
  fail,
  getEventStatus,
  insertEvents,
  keyText,
  release,
} from '../src';

let db: TestDatabase;
let sql: postgres.Sql;
const sha = (c: string) => c.repeat(64);
const key = (event_id: string, tenant_id = 'default'): EventKey => ({ tenant_id, event_id });
const request = (k: EventKey, c: string) => ({
  ...k,
  sha256: sha(c),
  user_id: 'user-1',
  received_at: new Date().toISOString(),
});

/** Stores an event row as the processor's write transaction does. */
const storeEvent = (k: EventKey, sha256: string) =>
  insertEvents(sql, [aPersistedEvent({ ...k, payload_sha256: sha256 })]);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = db.sql;
});

afterAll(async () => {
  await db.drop();
});

describe('claim', () => {
  it('judges an event stored without its key (purged) by the stored row: duplicate or conflict, never claimed', async () => {
    // Prepare
    const purged = key('purged');
    await storeEvent(purged, sha('a'));

    // Act
    const same = await claim(sql, [request(purged, 'a')], 60);
    const other = await claim(sql, [request(purged, 'b')], 60);

    // Assess
    expect(same.get(keyText(purged))).toEqual({ kind: 'duplicate' });
    expect(other.get(keyText(purged))).toEqual({ kind: 'conflict', storedSha256: sha('a') });
    const keys = await sql`select 1 from idempotency_keys where event_id = 'purged'`;
    expect(keys).toHaveLength(0);
  });

  it('claims a new key and reports it busy to a second claimant while the lease lives', async () => {
    // Act
    const first = await claim(sql, [request(key('k1'), 'a')], 60);
    const second = await claim(sql, [request(key('k1'), 'a')], 60);

    // Assess
    expect(first.get(keyText(key('k1')))).toEqual({ kind: 'claimed' });
    expect(second.get(keyText(key('k1')))).toEqual({ kind: 'busy' });
  });

  it('lets a key be claimed again once its lease was released', async () => {
    // Prepare
    await claim(sql, [request(key('k2'), 'a')], 60);
    await release(sql, [key('k2')]);

    // Act
    const again = await claim(sql, [request(key('k2'), 'a')], 60);

    // Assess
    expect(again.get(keyText(key('k2')))).toEqual({ kind: 'claimed' });
    const [row] = await sql`select attempts from idempotency_keys where event_id = 'k2'`;
    expect(row?.attempts).toBe(2);
  });

  it('lets a key be claimed again once its lease expired', async () => {
    // Prepare: a lease that ended a second ago, as a crashed claimant leaves it
    await claim(sql, [request(key('k2e'), 'a')], 60);
    await sql`update idempotency_keys set locked_until = now() - interval '1 second'
              where event_id = 'k2e'`;

    // Act
    const again = await claim(sql, [request(key('k2e'), 'a')], 60);

    // Assess
    expect(again.get(keyText(key('k2e')))).toEqual({ kind: 'claimed' });
  });

  it('reports a stored key as a duplicate for the same payload and a conflict for another', async () => {
    // Prepare
    const k3 = key('k3');
    await claim(sql, [request(k3, 'a')], 60);
    await storeEvent(k3, sha('a'));
    await complete(sql, [k3]);
    await release(sql, [k3]);

    // Act
    const outcomes = await claim(sql, [request(k3, 'a')], 60);
    const conflict = await claim(sql, [request(k3, 'b')], 60);

    // Assess
    expect(outcomes.get(keyText(k3))).toEqual({ kind: 'duplicate' });
    expect(conflict.get(keyText(k3))).toEqual({ kind: 'conflict', storedSha256: sha('a') });
  });

  it('reclaims a failed key, and fail() never overwrites a success', async () => {
    // Prepare
    await fail(sql, [{ ...key('k5'), sha256: sha('a'), reason: 'INVALID_PAYLOAD: x' }]);
    await claim(sql, [request(key('k6'), 'a')], 60);
    await complete(sql, [key('k6')]);
    await release(sql, [key('k6')]);

    // Act
    const reclaimed = await claim(sql, [request(key('k5'), 'c')], 60);
    await fail(sql, [{ ...key('k6'), sha256: sha('z'), reason: 'HASH_MISMATCH: y' }]);

    // Assess
    expect(reclaimed.get(keyText(key('k5')))).toEqual({ kind: 'claimed' });
    const [k6] = await sql`select status, error_reason from idempotency_keys where event_id = 'k6'`;
    expect(k6).toEqual({ status: 'success', error_reason: null });
  });

  it('keeps tenants apart: the same event id in two tenants is two claims, never a conflict', async () => {
    // Prepare
    const acme = key('order-1', 'acme');
    const globex = key('order-1', 'globex');
    await claim(sql, [request(acme, 'a')], 60);
    await storeEvent(acme, sha('a'));
    await complete(sql, [acme]);

    // Act
    const outcomes = await claim(sql, [request(globex, 'b')], 60);

    // Assess
    expect(outcomes.get(keyText(globex))).toEqual({ kind: 'claimed' });
    expect(outcomes.has(keyText(acme))).toBe(false);
  });
});

describe('fail', () => {
  it('leaves a stored event stored when a copy fails after its key was purged', async () => {
    // Prepare: an event stored long ago whose key the purge deleted
    const k = key('stored-then-purged');
    await storeEvent(k, sha('a'));

    // Act
    await fail(sql, [{ ...k, sha256: sha('a'), reason: 'DB_WRITE: the answer was lost' }]);

    // Assess
    expect(await sql`select 1 from idempotency_keys where event_id = ${k.event_id}`).toHaveLength(
      0,
    );
    expect((await getEventStatus(sql, k))?.status).toBe('stored');
  });

  it('never takes a live lease from the processor holding it', async () => {
    // Prepare
    const k = key('held-elsewhere');
    await claim(sql, [request(k, 'a')], 60);

    // Act
    await fail(sql, [{ ...k, sha256: sha('a'), reason: 'CLAIM_BUSY: gave up' }]);

    // Assess
    const [row] = await sql`select status, locked_until > now() as leased from idempotency_keys
                            where event_id = ${k.event_id}`;
    expect(row).toEqual({ status: 'processing', leased: true });
  });
});
