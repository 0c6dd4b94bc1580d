import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createLogger } from '@fluxa/logging';
import { createTestDatabase, testDatabaseSettings } from '@fluxa/testing';
import postgres from 'postgres';
import { createMigrator } from '../src';

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
        database: testDatabaseSettings(db),
        idempotencyRetentionDays: 30,
        roleSecretArns: {},
        tenantRetentionDays: {},
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
      'erasures',
      'events',
      'idempotency_keys',
      'replays',
      'schema_migrations',
      'suppressions',
      'tombstones',
    ]);
    await sql.end();
    await db.drop();
  });
});
