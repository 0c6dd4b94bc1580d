import type { SNSClient } from '@aws-sdk/client-sns';
import type { RelayConfig } from '@fluxa/config';
import type { Sql } from '@fluxa/db';
import type { Logger } from '@fluxa/logging';
import type { Metrics } from '@fluxa/metrics';

/** What the relay runs on: built once per container by the handler, by tests with real clients. */
export interface RelayDeps {
  config: RelayConfig;
  /** The container's pool, opened on first use. */
  database: () => Promise<Sql>;
  sns: SNSClient;
  logger: Logger;
  metrics: Metrics;
}
