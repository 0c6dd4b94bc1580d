import { readAuthorizerConfig } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { createAuthorizer } from './index';

// Cold start: the grants are read and checked once per container.
const config = readAuthorizerConfig();

/** Lambda entry point: API Gateway's REQUEST authorizer for the keyed routes. */
export const handler = createAuthorizer({
  grants: config.apiKeyGrants,
  logger: createLogger('authorizer', { level: config.logLevel }),
});
