import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClient, onFirstUse, readIngestConfig } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import { createIngestHandler } from './index';

// Cold start: configuration read and clients built once per container (S3, for large
// payloads only, on first use).
const config = readIngestConfig();

/** Lambda entry point for POST /events and POST /events/batch (API Gateway REST proxy). */
export const handler = createIngestHandler({
  config,
  sqs: awsClient(SQSClient),
  s3: onFirstUse(async () => awsClient(S3Client)),
  logger: createLogger('ingest', { level: config.logLevel }),
  metrics: createMetrics('ingest'),
});
