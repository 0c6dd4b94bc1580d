import type { FluxaAwsResources } from '@fluxa/local-runtime';
import { grantsOf, type LocalApiKey } from './apiKeys';
import { region } from './aws';
import type { StackOptions } from './options';

/** The environment the bundles read: exactly the variables Terraform sets on AWS. */
export function functionEnv(
  options: StackOptions,
  endpoint: string,
  databaseUrl: string,
  resources: FluxaAwsResources,
  apiKeys: readonly LocalApiKey[],
): Record<string, string> {
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
    API_KEY_GRANTS: JSON.stringify(grantsOf(apiKeys)),
    // Below the visibility timeout, so a crashed processor's claims expire before redelivery.
    // The redrive policy's own number: on that receive the processor dead-letters with the reason.
    MAX_RECEIVE_COUNT: String(resources.maxReceiveCount),
    CLAIM_LEASE_SECONDS: String(Math.max(1, Math.floor(options.visibilityTimeoutSeconds * 0.66))),
  };
}
