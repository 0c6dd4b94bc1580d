import { fileURLToPath } from 'node:url';
import { S3Client } from '@aws-sdk/client-s3';
import {
  awsClient,
  cachedCredentials,
  lazySecretsManager,
  onFirstUse,
  readMigrateConfig,
} from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { lifecycleAction, type MigrateEvent, purgeKeysAction } from '@fluxa/models';
import { createLifecycle, createMigrator } from './index';

// Cold start: configuration once per container; the pool, S3 and Secrets Manager on first use.
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
const lifecycle = createLifecycle({
  config,
  database,
  s3: onFirstUse(async () => awsClient(S3Client)),
  logger,
  metrics: createMetrics('migrate'),
});

/** Time a lifecycle run leaves itself before its invocation's deadline. */
const marginMs = 10_000;
/** The budget of a run invoked without a Lambda context (the local stack). */
const defaultBudgetMs = 50_000;

/**
 * Lambda entry point, invoked once after each deploy (RDS is private, so migrations run
 * inside the VPC; `make package` puts migrations/ beside index.mjs), and every minute by the
 * EventBridge schedule with `{"action":"lifecycle"}` (an earlier release's schedule:
 * `{"action":"purge-idempotency-keys"}`): erasures, retention, key purge.
 */
export const handler = (event?: MigrateEvent, context?: { getRemainingTimeInMillis(): number }) =>
  event?.action === lifecycleAction || event?.action === purgeKeysAction
    ? lifecycle(
        context ? Math.max(0, context.getRemainingTimeInMillis() - marginMs) : defaultBudgetMs,
      )
    : migrate();
