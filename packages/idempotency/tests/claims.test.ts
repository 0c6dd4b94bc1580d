import path from 'node:path';
import { loadMigrations, runMigrations } from '@fluxa/db';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { claim, complete, fail, release } from '../src';

let db: TestDatabase;
let sql: postgres.Sql;
const sha = (c: string) => c.repeat(64);

beforeAll(async () => {
  db = await createTestDatabase();
  sql = postgres(db.url, { max: 4, onnotice: () => {} });
  await runMigrations(sql, loadMigrations(path.resolve(__dirname, '../../../migrations')));
});

afterAll(async () => {
  await sql.end();
  await db.drop();
});

describe('claim', () => {
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
