import { insertEvents } from '@fluxa/db';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import type postgres from 'postgres';
import { claim, complete, fail, release } from '../src';

let db: TestDatabase;
let sql: postgres.Sql;
const sha = (c: string) => c.repeat(64);

/** Stores an event row as the processor's write transaction does. */
const storeEvent = (eventId: string, sha256: string) =>
  insertEvents(sql, [
    {
      event_id: eventId,
      correlation_id: 'c',
      user_id: 'u',
      amount: 1,
      currency: 'USD',
      merchant: 'm',
      timestamp: '2026-01-01T00:00:00.000000Z',
      metadata: null,
      payload_mode: 'INLINE',
      payload_sha256: sha256,
      received_at: '2026-01-01T00:00:00.000000Z',
    },
  ]);

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
    await storeEvent('purged', sha('a'));

    // Act
    const same = await claim(sql, [{ eventId: 'purged', sha256: sha('a') }], 60);
    const other = await claim(sql, [{ eventId: 'purged', sha256: sha('b') }], 60);

    // Assess
    expect(same.get('purged')).toEqual({ kind: 'duplicate', notified: false });
    expect(other.get('purged')).toEqual({ kind: 'conflict', storedSha256: sha('a') });
    const keys = await sql`select 1 from idempotency_keys where event_id = 'purged'`;
    expect(keys).toHaveLength(0);
  });

  it('claims a new key and reports it busy to a second claimant while the lease lives', async () => {
    // Act
    const first = await claim(sql, [{ eventId: 'k1', sha256: sha('a') }], 60);
    const second = await claim(sql, [{ eventId: 'k1', sha256: sha('a') }], 60);

    // Assess
    expect(first.get('k1')).toEqual({ kind: 'claimed' });
    expect(second.get('k1')).toEqual({ kind: 'busy' });
  });

  it('lets a key be claimed again once its lease expired or was released', async () => {
    // Prepare
    await claim(sql, [{ eventId: 'k2', sha256: sha('a') }], 60);
    await release(sql, ['k2']);

    // Act
    const again = await claim(sql, [{ eventId: 'k2', sha256: sha('a') }], 60);

    // Assess
    expect(again.get('k2')).toEqual({ kind: 'claimed' });
    const [row] = await sql`select attempts from idempotency_keys where event_id = 'k2'`;
    expect(row?.attempts).toBe(2);
  });

  it('reports a stored key as a duplicate for the same payload and a conflict for another', async () => {
    // Prepare
    await claim(sql, [{ eventId: 'k3', sha256: sha('a') }], 60);
    await storeEvent('k3', sha('a'));
    await complete(sql, ['k3']);
    await release(sql, ['k3']);

    // Act
    const outcomes = await claim(sql, [{ eventId: 'k3', sha256: sha('a') }], 60);
    const conflict = await claim(sql, [{ eventId: 'k3', sha256: sha('b') }], 60);

    // Assess
    expect(outcomes.get('k3')).toEqual({ kind: 'duplicate', notified: false });
    expect(conflict.get('k3')).toEqual({ kind: 'conflict', storedSha256: sha('a') });
  });

  it('keeps a stored-but-unpublished key busy while its processor still holds the lease', async () => {
    // Prepare
    await claim(sql, [{ eventId: 'k4', sha256: sha('a') }], 60);
    await storeEvent('k4', sha('a'));
    await complete(sql, ['k4']);

    // Act
    const outcome = await claim(sql, [{ eventId: 'k4', sha256: sha('a') }], 60);

    // Assess
    expect(outcome.get('k4')).toEqual({ kind: 'busy' });
  });

  it('reclaims a failed key, and fail() never overwrites a success', async () => {
    // Prepare
    await fail(sql, [{ eventId: 'k5', sha256: sha('a'), reason: 'INVALID_PAYLOAD: x' }]);
    await claim(sql, [{ eventId: 'k6', sha256: sha('a') }], 60);
    await complete(sql, ['k6']);
    await release(sql, ['k6']);

    // Act
    const reclaimed = await claim(sql, [{ eventId: 'k5', sha256: sha('c') }], 60);
    await fail(sql, [{ eventId: 'k6', sha256: sha('z'), reason: 'HASH_MISMATCH: y' }]);

    // Assess
    expect(reclaimed.get('k5')).toEqual({ kind: 'claimed' });
    const [k6] = await sql`select status, error_reason from idempotency_keys where event_id = 'k6'`;
    expect(k6).toEqual({ status: 'success', error_reason: null });
  });
});
