import type { DatabaseSettings, ProcessorConfig } from '@fluxa/config';
import type { FluxaAwsResources } from '@fluxa/local-runtime';
import type { TestDatabase } from './testDatabase';

/** How a function connects to a test database: a small pool, prepared statements, no TLS. */
export function testDatabaseSettings(db: TestDatabase): DatabaseSettings {
  return { url: db.url, port: 5432, prepare: true, poolMax: 2, ssl: 'disable' };
}

/**
 * The processor's configuration on a test's queues and database: three receives before the
 * DLQ, and a one-second retry backoff, so a retried record comes back within a test's wait.
 */
export function processorTestConfig(
  aws: FluxaAwsResources,
  db: TestDatabase,
  claimLeaseSeconds: number,
): ProcessorConfig {
  return {
    stage: 'test',
    logLevel: 'silent',
    queueUrl: aws.queueUrl,
    dlqUrl: aws.dlqUrl,
    topicArn: aws.topicArn,
    payloadBucket: aws.bucket,
    claimLeaseSeconds,
    maxReceiveCount: 3,
    retryBackoffBaseSeconds: 1,
    retryBackoffMaxSeconds: 1,
    database: testDatabaseSettings(db),
  };
}
