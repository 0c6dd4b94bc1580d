import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { requireTestEnv, testEnvKeys } from './testEnv';

/** A database of its own for one test file. */
export interface TestDatabase {
  url: string;
  name: string;
  /** Drops the database (terminating leftover connections). */
  drop(): Promise<void>;
}

/** Creates an empty database on the shared test server; migrate it with @fluxa/db. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = requireTestEnv(testEnvKeys.adminUrl);
  const name = `fluxa_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = adminUrl.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    name,
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`drop database if exists ${name} with (force)`);
      } finally {
        await sql.end();
      }
    },
  };
}
