import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import postgres from 'postgres';
import { loadMigrations, runMigrations, type Sql } from '../../src';

export const repoMigrationsDir = path.resolve(__dirname, '../../../../migrations');

/** A fresh database with every migration applied, and a client on it. */
export async function migratedDatabase(): Promise<{
  db: TestDatabase;
  sql: Sql;
  close(): Promise<void>;
}> {
  const db = await createTestDatabase();
  const sql = postgres(db.url, { max: 4, onnotice: () => {} });
  await runMigrations(sql, loadMigrations(repoMigrationsDir));
  return {
    db,
    sql,
    async close() {
      await sql.end();
      await db.drop();
    },
  };
}
