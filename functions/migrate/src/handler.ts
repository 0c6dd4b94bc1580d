import { fileURLToPath } from 'node:url';
import { cachedCredentials, lazySecretsManager, readMigrateConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMigrator } from './migrate';

const config = readMigrateConfig();
const secrets = lazySecretsManager();

/**
 * Lambda entry point, invoked once after each deploy (RDS is private, so
 * migrations run inside the VPC). `make package` puts migrations/ beside index.mjs.
 */
export const handler = createMigrator({
  config,
  secrets,
  database: lazyDatabase(config.database, {
    applicationName: 'fluxa-migrate',
    credentials: cachedCredentials(secrets),
  }),
  migrationsDir: fileURLToPath(new URL('./migrations/', import.meta.url)),
  logger: createLogger('migrate', { level: config.logLevel }),
});
