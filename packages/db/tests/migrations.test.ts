import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { loadMigrations, MigrationDriftError, runMigrations, type Sql, statementsOf } from '../src';
import { repoMigrationsDir } from './helpers/database';

describe('runMigrations', () => {
  let db: TestDatabase;
  let sql: Sql;

  beforeEach(async () => {
    db = await createTestDatabase({ migrated: false });
    sql = postgres(db.url, { max: 4, onnotice: () => {} });
  });

  afterEach(async () => {
    await sql.end();
    await db.drop();
  });

  it('applies every migration in order and records its checksum', async () => {
    // Prepare
    const migrations = loadMigrations(repoMigrationsDir);

    // Act
    const result = await runMigrations(sql, migrations);

    // Assess
    expect(result.applied).toEqual(migrations.map((m) => `${m.version}_${m.name}`));
    const rows = await sql<{ version: number; checksum: string }[]>`
      select version, checksum from schema_migrations order by version`;
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, checksum: m.checksum })));
  });

  it('does nothing when run again', async () => {
    // Prepare
    const migrations = loadMigrations(repoMigrationsDir);
    await runMigrations(sql, migrations);

    // Act
    const again = await runMigrations(sql, migrations);

    // Assess
    expect(again).toEqual({
      applied: [],
      alreadyApplied: migrations.length,
      reworded: [],
      newer: [],
    });
  });

  it('reports versions a later release applied and goes on, as after a rollback', async () => {
    // Prepare: the database carries one migration more than this release's files
    const migrations = loadMigrations(repoMigrationsDir);
    await runMigrations(sql, migrations);
    await sql`insert into schema_migrations (version, name, checksum)
              values (9999, 'from_the_next_release', 'x')`;

    // Act
    const rerun = await runMigrations(sql, migrations);

    // Assess
    expect(rerun).toEqual({
      applied: [],
      alreadyApplied: migrations.length,
      reworded: [],
      newer: ['9999_from_the_next_release'],
    });
  });

  it('still refuses when an applied migration older than the newest file has no file', async () => {
    // Prepare
    const migrations = loadMigrations(repoMigrationsDir);
    await runMigrations(sql, migrations);

    // Act
    const rerun = runMigrations(
      sql,
      migrations.filter((m) => m.version !== 3),
    );

    // Assess
    await expect(rerun).rejects.toBeInstanceOf(MigrationDriftError);
  });

  it('rebuilds an index an interrupted concurrent build left invalid before dropping what it replaces', async () => {
    // Prepare: up to 0006 applied; 0007 interrupted while building events_tenant_user_ts_idx
    // (its statements ran up to that build, which left the index INVALID, as a cancelled
    // CREATE INDEX CONCURRENTLY does), and not recorded
    const migrations = loadMigrations(repoMigrationsDir);
    await runMigrations(
      sql,
      migrations.filter((m) => m.version <= 6),
    );
    const tenancy = migrations.find((m) => m.version === 7);
    const statements = statementsOf(tenancy?.sql ?? '');
    const build = statements.findIndex((s) => s.includes('events_tenant_user_ts_idx'));
    for (const statement of statements.slice(0, build + 1)) await sql.unsafe(statement);
    await sql`update pg_index set indisvalid = false
              where indexrelid = 'events_tenant_user_ts_idx'::regclass`;

    // Act
    await runMigrations(sql, migrations);

    // Assess
    const indexes = await sql<{ name: string; valid: boolean }[]>`
      select c.relname as name, i.indisvalid as valid from pg_index i
      join pg_class c on c.oid = i.indexrelid
      where c.relname in ('events_tenant_user_ts_idx', 'events_user_ts_idx') order by 1`;
    expect(indexes).toEqual([{ name: 'events_tenant_user_ts_idx', valid: true }]);
  });

  it('refuses to run when an applied file was edited', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxa-migrations-'));
    cpSync(repoMigrationsDir, dir, { recursive: true });
    await runMigrations(sql, loadMigrations(dir));
    writeFileSync(path.join(dir, '0001_events.sql'), '-- edited\n', { flag: 'a' });

    // Act
    const rerun = runMigrations(sql, loadMigrations(dir));

    // Assess
    await expect(rerun).rejects.toBeInstanceOf(MigrationDriftError);
    await expect(rerun).rejects.toThrow(/0001|1_events/);
  });

  it('applies each file once when two runners start together', async () => {
    // Prepare
    const migrations = loadMigrations(repoMigrationsDir);
    const other = postgres(db.url, { max: 2, onnotice: () => {} });

    // Act
    const [a, b] = await Promise.all([
      runMigrations(sql, migrations),
      runMigrations(other, migrations),
    ]);
    await other.end();

    // Assess
    expect(a.applied.length + b.applied.length).toBe(migrations.length);
    expect([a.applied.length, b.applied.length]).toContain(0);
    const [row] = await sql<
      { count: number }[]
    >`select count(*)::int as count from schema_migrations`;
    expect(row?.count).toBe(migrations.length);
  });

  it('rolls back a failing file and leaves earlier ones applied', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxa-migrations-'));
    cpSync(repoMigrationsDir, dir, { recursive: true });
    writeFileSync(
      path.join(dir, '9999_broken.sql'),
      'create table half_made (id int);\nselect 1/0;\n',
    );

    // Act
    const run = runMigrations(sql, loadMigrations(dir));

    // Assess
    await expect(run).rejects.toThrow(/division by zero/);
    const [table] = await sql`select to_regclass('half_made') as t`;
    expect(table?.t).toBeNull();
    const versions = await sql<{ version: number }[]>`select version from schema_migrations`;
    expect(versions.map((v) => v.version)).not.toContain(9999);
  });

  it('upgrades a populated database to tenancy: old rows belong to tenant default, ids are unique per tenant', async () => {
    // Prepare: the schema before tenancy, with an event and its idempotency key in it
    const migrations = loadMigrations(repoMigrationsDir);
    await runMigrations(
      sql,
      migrations.filter((m) => m.version <= 5),
    );
    await sql`
      insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                          payload_mode, payload_sha256, received_at)
      values ('before-tenancy', 'c-1', 'u-1', 10.5, 'EUR', 'M', '2026-01-01T00:00:00Z',
              'INLINE', ${'a'.repeat(64)}, '2026-01-01T00:00:01Z')`;
    await sql`
      insert into idempotency_keys (event_id, status, payload_sha256)
      values ('before-tenancy', 'success', ${'a'.repeat(64)})`;

    // Act
    const result = await runMigrations(sql, migrations);
    await sql`
      insert into events (tenant_id, event_id, correlation_id, user_id, amount, currency,
                          merchant, ts, payload_mode, payload_sha256, received_at)
      values ('acme', 'before-tenancy', 'c-2', 'u-1', 1, 'USD', 'M', '2026-01-02T00:00:00Z',
              'INLINE', ${'b'.repeat(64)}, '2026-01-02T00:00:01Z')`;
    const again = sql`
      insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts,
                          payload_mode, payload_sha256, received_at)
      values ('before-tenancy', 'c-3', 'u-1', 1, 'USD', 'M', '2026-01-03T00:00:00Z',
              'INLINE', ${'c'.repeat(64)}, '2026-01-03T00:00:01Z')`;

    // Assess
    expect(result.applied).toEqual(
      migrations.filter((m) => m.version > 5).map((m) => `${m.version}_${m.name}`),
    );
    const events = await sql`
      select tenant_id, event_id, amount::text from events order by tenant_id`;
    expect(events).toEqual([
      { tenant_id: 'acme', event_id: 'before-tenancy', amount: '1' },
      { tenant_id: 'default', event_id: 'before-tenancy', amount: '10.5' },
    ]);
    const keys = await sql`select tenant_id, event_id, status from idempotency_keys`;
    expect(keys).toEqual([{ tenant_id: 'default', event_id: 'before-tenancy', status: 'success' }]);
    await expect(again).rejects.toMatchObject({ code: '23505' }); // unique_violation
    const primaryKeys = await sql`
      select c.conrelid::regclass::text as "table",
             array(select a.attname::text from unnest(c.conkey) with ordinality k(n, i)
                   join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n
                   order by k.i) as columns
      from pg_constraint c
      where c.contype = 'p' and c.conrelid in ('events'::regclass, 'idempotency_keys'::regclass)
      order by 1`;
    expect(primaryKeys).toEqual([
      { table: 'events', columns: ['tenant_id', 'event_id'] },
      { table: 'idempotency_keys', columns: ['tenant_id', 'event_id'] },
    ]);
  });

  it('accepts a database that recorded an earlier, comment-only wording of a file, and records the current one', async () => {
    // Prepare: a migration applied in its first wording, then reworded in its comments
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxa-migrations-'));
    const first = '-- first wording\ncreate table reworded_probe (id int);\n';
    writeFileSync(path.join(dir, '0001_probe.sql'), first);
    await runMigrations(sql, loadMigrations(dir));
    writeFileSync(
      path.join(dir, '0001_probe.sql'),
      '-- second wording\ncreate table reworded_probe (id int);\n',
    );
    const firstChecksum = createHash('sha256').update(first).digest('hex');
    writeFileSync(
      path.join(dir, 'reworded.json'),
      JSON.stringify({ checksums: { 1: [firstChecksum] } }),
    );

    // Act
    const result = await runMigrations(sql, loadMigrations(dir));
    const again = await runMigrations(sql, loadMigrations(dir));

    // Assess
    expect(result).toEqual({ applied: [], alreadyApplied: 1, reworded: ['1_probe'], newer: [] });
    expect(again.reworded).toEqual([]);
    const [row] = await sql<{ checksum: string }[]>`select checksum from schema_migrations`;
    expect(row?.checksum).toBe(loadMigrations(dir)[0]?.checksum);
  });

  it('still refuses an edited file whose earlier checksum is not listed as a rewording', async () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'fluxa-migrations-'));
    writeFileSync(path.join(dir, '0001_probe.sql'), 'create table reworded_probe (id int);\n');
    await runMigrations(sql, loadMigrations(dir));
    writeFileSync(path.join(dir, '0001_probe.sql'), 'create table reworded_probe (id bigint);\n');
    writeFileSync(
      path.join(dir, 'reworded.json'),
      JSON.stringify({ checksums: { 1: ['0'.repeat(64)] } }),
    );

    // Act
    const run = runMigrations(sql, loadMigrations(dir));

    // Assess
    await expect(run).rejects.toBeInstanceOf(MigrationDriftError);
  });

  it('lists, for every reworded file of the repository, a wording its database may have recorded', () => {
    // Prepare: the checksums 0.1.0 recorded for the files whose comments were reworded since
    const recordedBy010 = {
      1: '414203d62b559c5fceb901f7a6c08533a67c213826ca1a34efaa69fb9fb4868d',
      2: '5a8673eb90cdf1f5533fca461ec85071105b3a581f2ed8ccd4cbc627cff5b08c',
      3: '5f7ad933f52a265dfec29e5425f07c3914feb4030581f9baa9d7fa6d65904a96',
    };

    // Act
    const migrations = loadMigrations(repoMigrationsDir);

    // Assess
    for (const [version, checksum] of Object.entries(recordedBy010)) {
      expect(migrations.find((m) => m.version === Number(version))?.rewordedFrom).toContain(
        checksum,
      );
    }
  });
});
