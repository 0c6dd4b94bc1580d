import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { IngestConfig } from '@fluxa/config';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';

/** What ingest runs on: built once per container by the handler, by tests with real clients. */
export interface IngestDeps {
  config: IngestConfig;
  sqs: SQSClient;
  /** For payloads too large to travel inline; built on first use. */
  s3: () => Promise<S3Client>;
  logger: Logger;
  metrics: Metrics;
  now?: () => Date;
  /**
   * A tenant's suppressed users (their SHA-256s), whose events are refused: by default read
   * from the payload bucket, each tenant's list at most once per SUPPRESSION_CACHE_SECONDS.
   */
  suppressions?: (tenantId: string) => Promise<ReadonlySet<string>>;
}
