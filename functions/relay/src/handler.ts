import { SNSClient } from '@aws-sdk/client-sns';
import { awsClient, cachedCredentials, lazySecretsManager, readRelayConfig } from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createRelay } from './index';

// Cold start: configuration and clients once per container; the pool on first use.
const config = readRelayConfig();
const credentials = cachedCredentials(lazySecretsManager());
const relay = createRelay({
  config,
  database: lazyDatabase(config.database, { applicationName: 'fluxa-relay', credentials }),
  sns: awsClient(SNSClient),
  logger: createLogger('relay', { level: config.logLevel }),
  metrics: createMetrics('relay'),
});

/** Time a run leaves itself before its invocation's deadline to finish the page in hand. */
const marginMs = 10_000;
/** The budget of a run invoked without a Lambda context (the local stack). */
const defaultBudgetMs = 50_000;

/**
 * Lambda entry point: invoked every minute by EventBridge (and on demand); each run works until
 * its deadline less a margin.
 */
export const handler = (_event?: unknown, context?: { getRemainingTimeInMillis(): number }) =>
  relay(context ? Math.max(0, context.getRemainingTimeInMillis() - marginMs) : defaultBudgetMs);
