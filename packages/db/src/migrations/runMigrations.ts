import type { Sql } from '../client';
import type { Migration } from './loadMigrations';

/** Thrown when an applied migration's file changed or vanished: history is not rewritten. */
export class MigrationDriftError extends Error {
  readonly code = 'MIGRATION_DRIFT';
  constructor(message: string) {
    super(message);
    this.name = 'MigrationDriftError';
  }
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: number;
}

/** Any constant: the key of the session advisory lock that serialises runners. */
const lockKey = 0x464c5558; // "FLUX"

/**
 * Applies pending migrations in order, each in its own transaction, under a
 * session advisory lock so concurrent runners apply each file once. Refuses to
 * run when an applied file's checksum changed or an applied file is missing.
 */
export async function runMigrations(sql: Sql, migrations: Migration[]): Promise<MigrationResult> {
  const connection = await sql.reserve();
  try {
    await connection`select pg_advisory_lock(${lockKey})`;
    await connection`
      create table if not exists schema_migrations (
        version    integer     primary key,
        name       text        not null,
        checksum   text        not null,
        applied_at timestamptz not null default now()
      )`;
    const applied = await connection<{ version: number; name: string; checksum: string }[]>`
      select version, name, checksum from schema_migrations order by version`;
    const byVersion = new Map(migrations.map((m) => [m.version, m]));
    for (const row of applied) {
      const file = byVersion.get(row.version);
      if (!file) {
        throw new MigrationDriftError(`applied migration ${row.version}_${row.name} has no file`);
      }
      if (file.checksum !== row.checksum) {
        throw new MigrationDriftError(
          `migration ${row.version}_${row.name} was edited after it was applied; add a new migration instead`,
        );
      }
    }
    const done = new Set(applied.map((row) => row.version));
    const result: MigrationResult = { applied: [], alreadyApplied: done.size };
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
      await connection.unsafe('begin');
      try {
        await connection.unsafe(migration.sql);
        await connection`
          insert into schema_migrations (version, name, checksum)
          values (${migration.version}, ${migration.name}, ${migration.checksum})`;
        await connection.unsafe('commit');
      } catch (error) {
        await connection.unsafe('rollback');
        throw error;
      }
      result.applied.push(`${migration.version}_${migration.name}`);
    }
    return result;
  } finally {
    // When this fails the connection is gone, and the server released the session lock with it.
    await connection`select pg_advisory_unlock(${lockKey})`.catch(() => undefined);
    connection.release();
  }
}
