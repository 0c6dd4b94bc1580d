import type { S3Client } from '@aws-sdk/client-s3';
import type { ControlConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';

/** What the control function runs on: built once per container by the handler, by tests with real clients. */
export interface ControlDeps {
  config: ControlConfig;
  /** The container's pool, opened on first use. */
  database: () => Promise<Sql>;
  /** Where the suppression lists are published; built on first use. */
  s3: () => Promise<S3Client>;
  logger: Logger;
  metrics: Metrics;
  /** The most events one replay may publish (default 5,000,000); tests make it small. */
  maxReplayEvents?: number;
}
