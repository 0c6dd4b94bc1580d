import type { FluxaAwsResources } from '@fluxa/local-runtime';
import { apiKeyGrantsObjectKey } from '@fluxa/models';
import { localGrantsBucket, region } from './aws';
import type { StackOptions } from './options';

/**
 * The processor's timings, derived from the queue's visibility timeout `v` as Terraform derives
 * them on AWS: the processor's timeout is v / 6 (the poller ends an invocation past it, as
 * Lambda does), the claim lease outlives that timeout (so a timed-out invocation's lease cannot
 * expire under it) and stays below v (so a crashed processor's lease has expired when its
 * records return), and a record to retry backs off from v / 15, doubling up to 2 v: ten
 * receives span minutes of a database outage here, as they span over an hour on AWS.
 */
export function processorTimings(visibilityTimeoutSeconds: number) {
  const timeoutSeconds = Math.max(1, Math.floor(visibilityTimeoutSeconds / 6));
  return {
    timeoutMs: timeoutSeconds * 1000,
    leaseSeconds: Math.max(timeoutSeconds + 1, Math.floor(visibilityTimeoutSeconds * 0.66)),
    backoffBaseSeconds: Math.max(1, Math.floor(visibilityTimeoutSeconds / 15)),
    backoffMaxSeconds: Math.max(1, visibilityTimeoutSeconds * 2),
  };
}

/** The environment the bundles read: exactly the variables Terraform sets on AWS. */
export function functionEnv(
  options: StackOptions,
  endpoint: string,
  databaseUrl: string,
  resources: FluxaAwsResources,
): Record<string, string> {
  const timings = processorTimings(options.visibilityTimeoutSeconds);
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: region,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    FLUXA_STAGE: 'local',
    LOG_LEVEL: options.logLevel,
    QUEUE_URL: resources.queueUrl,
    DLQ_URL: resources.dlqUrl,
    TOPIC_ARN: resources.topicArn,
    PAYLOAD_BUCKET: resources.bucket,
    DATABASE_URL: databaseUrl,
    // The authorizer reads its grants from their own object, as on AWS (30 s cache by default).
    API_KEY_GRANTS_BUCKET: localGrantsBucket,
    API_KEY_GRANTS_KEY: apiKeyGrantsObjectKey,
    ...(options.apiKeyGrantsCacheSeconds === undefined
      ? {}
      : { API_KEY_GRANTS_CACHE_SECONDS: String(options.apiKeyGrantsCacheSeconds) }),
    ...(options.apiKeyGrantsGraceSeconds === undefined
      ? {}
      : { API_KEY_GRANTS_GRACE_SECONDS: String(options.apiKeyGrantsGraceSeconds) }),
    // The redrive policy's own number: on that receive the processor dead-letters with the reason.
    MAX_RECEIVE_COUNT: String(resources.maxReceiveCount),
    CLAIM_LEASE_SECONDS: String(timings.leaseSeconds),
    RETRY_BACKOFF_BASE_SECONDS: String(timings.backoffBaseSeconds),
    RETRY_BACKOFF_MAX_SECONDS: String(timings.backoffMaxSeconds),
    // Locally a notification is owed to the relay 10 s after its event was stored (60 s on AWS).
    RELAY_GRACE_SECONDS: String(options.relayGraceSeconds),
    // How stale ingest's view of a suppression may be (60 s, as on AWS, unless the stack says).
    ...(options.suppressionCacheSeconds === undefined
      ? {}
      : { SUPPRESSION_CACHE_SECONDS: String(options.suppressionCacheSeconds) }),
    // Retention, as Terraform's event_retention_days and tenant_retention_days set it.
    ...(options.eventRetentionDays === undefined
      ? {}
      : { EVENT_RETENTION_DAYS: String(options.eventRetentionDays) }),
    ...(options.tenantRetentionDays === undefined
      ? {}
      : { TENANT_RETENTION_DAYS: options.tenantRetentionDays }),
  };
}
