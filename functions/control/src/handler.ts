import { cachedCredentials, lazySecretsManager, readControlConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createControlHandler } from './index';

// Cold start: configuration once per container; the pool opens on first use.
const config = readControlConfig();
const credentials = cachedCredentials(lazySecretsManager());
/** Lambda entry point for /replays (API Gateway REST proxy). */
export const handler = createControlHandler({
  config,
  database: lazyDatabase(config.database, { applicationName: 'fluxa-control', credentials }),
  logger: createLogger('control', { level: config.logLevel }),
  metrics: createMetrics('control'),
});
