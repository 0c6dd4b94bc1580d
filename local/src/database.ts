import path from 'node:path';
import { loadMigrations, runMigrations } from '@fluxa/db';
import postgres from 'postgres';
import { repoRoot } from './bundles';

/** Creates database `name` on the server of `adminUrl` unless it exists. */
export async function createDatabaseIfMissing(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
}

/** Applies the repository's migrations/ to `url`, as `make migrate` does. */
export async function migrate(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await runMigrations(sql, loadMigrations(path.join(repoRoot, 'migrations')));
  } finally {
    await sql.end();
  }
}
