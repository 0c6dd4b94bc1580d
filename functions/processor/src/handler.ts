import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  awsClient,
  cachedCredentials,
  lazySecretsManager,
  onFirstUse,
  readProcessorConfig,
} from '@fluxa/config';
import { lazyDatabase } from '@fluxa/db';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createProcessor } from './index';

// Cold start: configuration and clients once per container; the pool, S3 (S3-mode payloads)
// and Secrets Manager (credentials from a secret) on first use.
const config = readProcessorConfig();
const credentials = cachedCredentials(lazySecretsManager());
/** Lambda entry point for the SQS event source mapping (ReportBatchItemFailures). */
export const handler = createProcessor({
  config,
  database: lazyDatabase(config.database, { applicationName: 'fluxa-processor', credentials }),
  sqs: awsClient(SQSClient),
  sns: awsClient(SNSClient),
  s3: onFirstUse(async () => awsClient(S3Client)),
  logger: createLogger('processor', { level: config.logLevel }),
  metrics: createMetrics('processor'),
});
