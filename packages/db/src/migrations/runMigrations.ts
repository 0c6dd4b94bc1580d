import { setTimeout as sleep } from 'node:timers/promises';
import type { Sql } from '../client';
import { type Migration, statementsOf } from './loadMigrations';

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
  /** Applied files whose comments were reworded since: their current checksum is recorded now. */
  reworded: string[];
  /**
   * Applied versions newer than every file this release carries: a later release migrated the
   * database, and this one runs beside (or after a rollback to) it. Reported, never undone:
   * migrations are expand-only between adjacent releases, so older code still works on them.
   */
  newer: string[];
}

type Connection = Awaited<ReturnType<Sql['reserve']>>;

const record = (connection: Connection, migration: Migration) => connection`
  insert into schema_migrations (version, name, checksum)
  values (${migration.version}, ${migration.name}, ${migration.checksum})`;

/** The file and its record in one transaction: all of it or nothing. */
async function applyInTransaction(connection: Connection, migration: Migration): Promise<void> {
  await connection.unsafe('begin');
  try {
    await connection.unsafe(migration.sql);
    await record(connection, migration);
    await connection.unsafe('commit');
  } catch (error) {
    await connection.unsafe('rollback');
    throw error;
  }
}

/** `create [unique] index concurrently [if not exists] <name>`: the index a statement builds. */
const concurrentIndex =
  /^(?:\s*--[^\n]*\n)*\s*create\s+(?:unique\s+)?index\s+concurrently\s+(?:if\s+not\s+exists\s+)?("?)([a-z_][a-z0-9_]*)\1/i;

/**
 * Drops the index a `create index concurrently` statement builds when an interrupted earlier
 * build left it INVALID: `if not exists` would keep the broken index (never used by a query,
 * still maintained by every write), and a later statement of the file may then drop the valid
 * index it replaces.
 */
async function dropInvalidIndex(connection: Connection, statement: string): Promise<void> {
  const name = concurrentIndex.exec(statement)?.[2];
  if (!name) return;
  const [invalid] = await connection<{ name: string }[]>`
    select c.relname as name from pg_index i join pg_class c on c.oid = i.indexrelid
    where c.relname = ${name.toLowerCase()} and not i.indisvalid
      and c.relnamespace = current_schema()::regnamespace`;
  if (invalid) await connection.unsafe(`drop index concurrently if exists "${invalid.name}"`);
}

/**
 * Each statement on its own, then the record: an interruption leaves the file unrecorded, and
 * the next run starts it again from the top (its statements are written to allow that; an
 * index an interrupted concurrent build left invalid is rebuilt).
 */
async function applyStatementByStatement(
  connection: Connection,
  migration: Migration,
): Promise<void> {
  for (const statement of statementsOf(migration.sql)) {
    await dropInvalidIndex(connection, statement);
    await connection.unsafe(statement);
  }
  await record(connection, migration);
}

/**
 * Takes the runners' session lock by polling `pg_try_advisory_lock` rather than waiting in
 * `pg_advisory_lock`: a runner blocked inside a statement holds a snapshot, and the other
 * runner's `create index concurrently` waits for every snapshot — a deadlock.
 */
async function takeLock(connection: Connection): Promise<void> {
  for (;;) {
    const [row] = await connection<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${lockKey}) as locked`;
    if (row?.locked) return;
    await sleep(200);
  }
}

/** Any constant: the key of the session advisory lock that serialises runners. */
const lockKey = 0x464c5558; // "FLUX"

/**
 * Applies pending migrations in order, each in its own transaction, under a
 * session advisory lock so concurrent runners apply each file once. Refuses to
 * run when an applied file's checksum changed or an applied file is missing — unless the
 * recorded checksum is one of the file's earlier, comment-only wordings (`reworded.json`).
 * Applied versions newer than every file are a later release's: reported in `newer`, and the
 * run goes on (a rollback runs the previous release's migrate on its successor's schema).
 */
export async function runMigrations(sql: Sql, migrations: Migration[]): Promise<MigrationResult> {
  const connection = await sql.reserve();
  try {
    await takeLock(connection);
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
    const latest = Math.max(0, ...migrations.map((m) => m.version));
    const reworded: string[] = [];
    const newer: string[] = [];
    for (const row of applied) {
      const file = byVersion.get(row.version);
      if (!file && row.version > latest) {
        newer.push(`${row.version}_${row.name}`);
        continue;
      }
      if (!file) {
        throw new MigrationDriftError(`applied migration ${row.version}_${row.name} has no file`);
      }
      if (file.checksum !== row.checksum && file.rewordedFrom.includes(row.checksum)) {
        await connection`
          update schema_migrations set checksum = ${file.checksum} where version = ${row.version}`;
        reworded.push(`${row.version}_${row.name}`);
      } else if (file.checksum !== row.checksum) {
        throw new MigrationDriftError(
          `migration ${row.version}_${row.name} was edited after it was applied; add a new migration instead`,
        );
      }
    }
    const done = new Set(applied.map((row) => row.version));
    const alreadyApplied = done.size - newer.length;
    const result: MigrationResult = { applied: [], alreadyApplied, reworded, newer };
    for (const migration of migrations.filter((m) => !done.has(m.version))) {
      if (migration.transactional) await applyInTransaction(connection, migration);
      else await applyStatementByStatement(connection, migration);
      result.applied.push(`${migration.version}_${migration.name}`);
    }
    return result;
  } finally {
    // When this fails the connection is gone, and the server released the session lock with it.
    await connection`select pg_advisory_unlock(${lockKey})`.catch(() => undefined);
    connection.release();
  }
}
