import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startAwsEmulator, startPostgres } from '@fluxa/local-runtime';
import { testEnvKeys } from './testEnv';

/**
 * Jest globalSetup: one real PostgreSQL and one AWS emulator per package run.
 * Test files read their coordinates from the environment and make their own
 * database and queues, so files never share state.
 */
export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxa-test-'));
  chmodSync(root, 0o755); // the postgres user (when we are root) must traverse it
  const [pg, aws] = await Promise.all([
    startPostgres({ dataDir: path.join(root, 'pg'), durable: false }),
    startAwsEmulator(),
  ]);
  Object.assign(process.env, {
    [testEnvKeys.adminUrl]: pg.url,
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
