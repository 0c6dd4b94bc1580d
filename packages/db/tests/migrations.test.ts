import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { loadMigrations, MigrationDriftError, runMigrations, type Sql } from '../src';
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
    expect(again).toEqual({ applied: [], alreadyApplied: migrations.length });
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
});
