import type { S3Client } from '@aws-sdk/client-s3';
import type { SNSClient } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { ProcessorConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';

/** What the processor runs on: built once per container by the handler, by tests with real clients. */
export interface ProcessorDeps {
  config: ProcessorConfig;
  /** The container's pool, opened on first use (credentials may come from Secrets Manager). */
  database: () => Promise<Sql>;
  sqs: SQSClient;
  sns: SNSClient;
  /** For S3-mode payloads; built on first use. */
  s3: () => Promise<S3Client>;
  logger: Logger;
  metrics: Metrics;
}
