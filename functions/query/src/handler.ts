import { cachedCredentials, lazySecretsManager, readQueryConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createQueryHandler } from './query';

// Cold start: configuration once per container; the read-only pool opens on first use.
const config = readQueryConfig();
const credentials = cachedCredentials(lazySecretsManager());
/** Lambda entry point for the GET routes (API Gateway REST proxy). */
export const handler = createQueryHandler({
  config,
  database: lazyDatabase(config.database, {
    applicationName: 'fluxa-query',
    credentials,
    readOnly: true,
  }),
  logger: createLogger('query', { level: config.logLevel }),
  metrics: createMetrics('query'),
});
