import { S3Client } from '@aws-sdk/client-s3';
import { awsClient, readAuthorizerConfig } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { createAuthorizer, grantStore } from './index';

// Cold start: where the grants live is read once per container; the first request reads them.
const config = readAuthorizerConfig();
const logger = createLogger('authorizer', { level: config.logLevel });

/**
 * A read of the grants gives up well inside the function's 5 s timeout (two attempts of at
 * most 1 s to connect and 1.5 s of silence each): a slow S3 is then a failed read, which the
 * last copy absorbs for its grace, rather than a timed-out authorizer.
 */
const s3 = awsClient(S3Client, {
  maxAttempts: 2,
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_500 },
});

/** Lambda entry point: API Gateway's REQUEST authorizer for the keyed routes. */
export const handler = createAuthorizer({
  grants: grantStore({
    s3,
    bucket: config.apiKeyGrants.bucket,
    key: config.apiKeyGrants.key,
    cacheMs: config.apiKeyGrants.cacheSeconds * 1000,
    graceMs: config.apiKeyGrants.graceSeconds * 1000,
    logger,
  }),
  logger,
});
