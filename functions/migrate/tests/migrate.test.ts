import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '@fluxa/logging';
import { createTestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { createKeyPurge, createMigrator } from '../src';

const migrationsDir = path.resolve(__dirname, '../../../migrations');

describe('migrate function', () => {
  it('applies the migrations, then reports nothing to do on the next run', async () => {
    // Prepare
    const db = await createTestDatabase({ migrated: false });
    const sql = postgres(db.url, { max: 2, onnotice: () => {} });
    const migrate = createMigrator({
      config: {
        stage: 'test',
        logLevel: 'silent',
        database: { url: db.url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' },
        idempotencyRetentionDays: 30,
        roleSecretArns: {},
      },
      database: async () => sql,
      migrationsDir,
      logger: createLogger('migrate', { level: 'silent' }),
    });

    // Act
    const first = await migrate();
    const second = await migrate();

    // Assess
    const files = readdirSync(migrationsDir).filter((f) => f.endsWith('.sql'));
    expect(first.applied).toEqual(
      files.sort().map((f) => f.replace(/^0*(\d+)_(.*)\.sql$/, '$1_$2')),
    );
    expect(first.applied).toContain('7_tenant_keys');
    expect(first.roles).toEqual({
      query: 'skipped',
      processor: 'skipped',
      relay: 'skipped',
      control: 'skipped',
    });
    expect(second.applied).toEqual([]);
    const tables =
      await sql`select tablename from pg_tables where schemaname = 'public' order by tablename`;
    expect(tables.map((t) => t.tablename)).toEqual([
      'events',
      'idempotency_keys',
      'replays',
      'schema_migrations',
    ]);
    await sql.end();
    await db.drop();
  });

  it('purges success keys past the retention, leaving their events stored', async () => {
    // Prepare
    const db = await createTestDatabase();
    const sql = postgres(db.url, { max: 2, onnotice: () => {} });
    await sql`
      insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                          payload_mode, payload_sha256, received_at)
      select 'p-' || g, 'c', 'u', 1, 'USD', 'm', now(), 'INLINE', repeat('a', 64), now()
      from generate_series(1, 3) g`;
    await sql`
      insert into idempotency_keys (event_id, status, last_seen_at)
      select 'p-' || g, 'success', now() - make_interval(days => 10 * g)
      from generate_series(1, 3) g`;
    const purge = createKeyPurge({
      database: async () => sql,
      retentionDays: 15,
      logger: createLogger('migrate', { level: 'silent' }),
    });

    // Act
    const outcome = await purge();

    // Assess
    expect(outcome).toEqual({ deleted: 2, batches: 1, complete: true });
    const keys = await sql`select event_id from idempotency_keys order by event_id`;
    expect(keys.map((k) => k.event_id)).toEqual(['p-1']);
    expect(await sql`select 1 from events`).toHaveLength(3);
    await sql.end();
    await db.drop();
  });
});
