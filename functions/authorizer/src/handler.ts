import { S3Client } from '@aws-sdk/client-s3';
import { awsClientOptions, readAuthorizerConfig } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { createAuthorizer, grantStore } from './index';

// Cold start: where the grants live is read once per container; the first request reads them.
const config = readAuthorizerConfig();
const logger = createLogger('authorizer', { level: config.logLevel });

/** Lambda entry point: API Gateway's REQUEST authorizer for the keyed routes. */
export const handler = createAuthorizer({
  grants: grantStore({
    s3: new S3Client(awsClientOptions()),
    bucket: config.apiKeyGrants.bucket,
    key: config.apiKeyGrants.key,
    cacheMs: config.apiKeyGrants.cacheSeconds * 1000,
    graceMs: config.apiKeyGrants.graceSeconds * 1000,
    logger,
  }),
  logger,
});
