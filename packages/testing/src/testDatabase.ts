import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { requireTestEnv, testEnvKeys } from './testEnv';

/** A database of its own for one test file, and a client on it. */
export interface TestDatabase {
  url: string;
  name: string;
  /** A client (at most 4 connections) on this database; ended by `drop`. */
  sql: postgres.Sql;
  /** Ends the client and drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/**
 * Creates a database on the shared test server: by default a copy of the template every
 * migration was applied to once per jest run (what a deployed database looks like);
 * `{ migrated: false }` for an empty one (the migration tests).
 */
export async function createTestDatabase(
  options: { migrated?: boolean } = {},
): Promise<TestDatabase> {
  const adminUrl = requireTestEnv(testEnvKeys.adminUrl);
  const template =
    options.migrated === false ? 'template0' : requireTestEnv(testEnvKeys.migratedTemplate);
  const name = `fluxa_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  const sql = postgres(url, { max: 4, onnotice: () => {} });
  return {
    url,
    name,
    sql,
    async drop() {
      await sql.end({ timeout: 1 });
      const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
    },
  };
}
