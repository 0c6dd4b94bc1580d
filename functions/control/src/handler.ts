import { S3Client } from '@aws-sdk/client-s3';
import {
  awsClient,
  cachedCredentials,
  lazySecretsManager,
  onFirstUse,
  readControlConfig,
} from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createControlHandler } from './index';

// Cold start: configuration once per container; the pool opens on first use.
const config = readControlConfig();
const credentials = cachedCredentials(lazySecretsManager());
/** Lambda entry point for /replays, /erasures and /suppressions (API Gateway REST proxy). */
export const handler = createControlHandler({
  config,
  database: lazyDatabase(config.database, { applicationName: 'fluxa-control', credentials }),
  s3: onFirstUse(async () => awsClient(S3Client)),
  logger: createLogger('control', { level: config.logLevel }),
  metrics: createMetrics('control'),
});
