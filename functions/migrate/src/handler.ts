import { fileURLToPath } from 'node:url';
import { cachedCredentials, lazySecretsManager, readMigrateConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { lifecycleAction, type MigrateEvent, purgeKeysAction } from '@fluxa/models';
import { createKeyPurge, createMigrator } from './index';

const config = readMigrateConfig();
const secrets = lazySecretsManager();
const database = lazyDatabase(config.database, {
  applicationName: 'fluxa-migrate',
  credentials: cachedCredentials(secrets),
});
const logger = createLogger('migrate', { level: config.logLevel });
const migrate = createMigrator({
  config,
  secrets,
  database,
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  logger,
});
const purge = createKeyPurge({
  database,
  retentionDays: config.idempotencyRetentionDays,
  logger,
});

/**
 * Lambda entry point, invoked once after each deploy (RDS is private, so migrations run
 * inside the VPC; `make package` puts migrations/ beside index.mjs), and by the EventBridge
 * schedule with `{"action":"lifecycle"}` (an earlier release's schedule:
 * `{"action":"purge-idempotency-keys"}`) for the data lifecycle.
 */
export const handler = (event?: MigrateEvent) =>
  event?.action === lifecycleAction || event?.action === purgeKeysAction ? purge() : migrate();
