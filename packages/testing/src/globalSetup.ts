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

/** Starts PostgreSQL with a migrated template database; returns it and what tests need to know. */
async function startDatabase(root: string) {
  const pg = await startPostgres({ dataDir: path.join(root, 'pg'), durable: false });
  const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${migratedTemplate}`);
  } finally {
    await admin.end();
  }
  migrateTemplate(pg.url);
  return {
    pg,
    env: { [testEnvKeys.adminUrl]: pg.url, [testEnvKeys.migratedTemplate]: migratedTemplate },
  };
}

/**
 * Jest globalSetup: one AWS emulator per package run and, unless the package's jest config
 * says `globals: { fluxaInfra: 'aws' }`, one real PostgreSQL with a migrated template
 * database. Test files read their coordinates from the environment and make their own
 * database and queues, so files never share state.
 */
export default async function globalSetup(
  _globalConfig: unknown,
  projectConfig: { globals?: Record<string, unknown> },
): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxa-test-'));
  chmodSync(root, 0o755); // the postgres user (when we are root) must traverse it
  const withDatabase = projectConfig.globals?.fluxaInfra !== 'aws';
  const [database, aws] = await Promise.all([
    withDatabase ? startDatabase(root) : undefined,
    startAwsEmulator(),
  ]);
  Object.assign(process.env, {
    ...database?.env,
    [testEnvKeys.workDir]: root,
    AWS_ENDPOINT_URL: aws.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    AWS_EMF_ENVIRONMENT: 'Local',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent',
  });
  (globalThis as { fluxaTestStack?: unknown }).fluxaTestStack = { pg: database?.pg, aws, root };
}
