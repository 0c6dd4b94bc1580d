import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAwsEmulator, startPostgres } from '@fluxa/local-runtime';
import postgres from 'postgres';
import { testEnvKeys } from './testEnv';

/** The repository root, from packages/testing/dist. */
const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const migratedTemplate = 'fluxa_migrated';

/**
 * Applies every migration to a template database with `make migrate`'s own code (the migrate
 * function's CLI), once per run: each test database is then a cheap copy of it.
 */
function migrateTemplate(adminUrl: string): void {
  const templateUrl = adminUrl.replace(/\/[^/]*$/, `/${migratedTemplate}`);
  execFileSync(
    path.join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['functions/migrate/src/cli.ts'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: templateUrl,
        MIGRATIONS_DIR: 'migrations',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
}

/**
 * Jest globalSetup: one real PostgreSQL and one AWS emulator per package run, and a migrated
 * template database. Test files read their coordinates from the environment and make their
 * own database and queues, so files never share state.
 */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxa-test-'));
  chmodSync(root, 0o755); // the postgres user (when we are root) must traverse it
  const [pg, aws] = await Promise.all([
    startPostgres({ dataDir: path.join(root, 'pg'), durable: false }),
    startAwsEmulator(),
  ]);
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${migratedTemplate}`);
  } finally {
    await admin.end();
  }
  migrateTemplate(pg.url);
  Object.assign(process.env, {
    [testEnvKeys.adminUrl]: pg.url,
    [testEnvKeys.migratedTemplate]: migratedTemplate,
    [testEnvKeys.workDir]: root,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EMF_ENVIRONMENT: 'Local',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  (globalThis as { fluxaTestStack?: unknown }).fluxaTestStack = { pg, aws, root };
}
