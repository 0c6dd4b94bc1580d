import type { Logger } from '@fluxa/logging';
import { apiKeyHash, authorizerContext } from '@fluxa/models';
import type { APIGatewayAuthorizerResult, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import type { GrantLookup } from './grantStore';

export interface AuthorizerDeps {
  /** The grant of a key's SHA-256: from the grants object, held in memory (`grantStore`). */
  grants: GrantLookup;
  logger: Logger;
}

/**
 * Every method of the stage the request came through: API Gateway caches the answer per
 * key, so it must hold for each route; what a key may do per route is its scopes, which
 * the functions check (and say which scope is missing).
 */
function stageResources(methodArn: string): string {
  // arn:<partition>:execute-api:<region>:<account>:<api-id>/<stage>/<METHOD>/<path…>
  const fields = methodArn.split(':');
  const [apiId = '*', stage = '*'] = fields.slice(5).join(':').split('/');
  return `${fields.slice(0, 5).join(':')}:${apiId}/${stage}/*/*`;
}

function policy(
  effect: 'Allow' | 'Deny',
  resource: string,
): APIGatewayAuthorizerResult['policyDocument'] {
  return {
    Version: '2012-10-17',
    Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }],
  };
}

/**
 * The API key authorizer (a REQUEST authorizer on the `x-api-key` header). API Gateway
 * answers a missing header 401 without calling it. A key whose hash has no grant — unknown,
 * or revoked by removing it — is denied (403). A granted key is allowed on the stage, with
 * its client, tenant and scopes in the context the functions read, and itself as the usage
 * plan key, so its client's throttle and quota apply. When no grants table is recent enough
 * to answer, it throws (API Gateway answers 503 and caches nothing).
 */
export function createAuthorizer(deps: AuthorizerDeps) {
  return async (event: APIGatewayRequestAuthorizerEvent): Promise<APIGatewayAuthorizerResult> => {
    const header = Object.entries(event.headers ?? {}).find(
      ([name]) => name.toLowerCase() === 'x-api-key',
    );
    const key = header?.[1];
    // API Gateway's own answer to this exact error is 401 Unauthorized.
    if (!key) throw new Error('Unauthorized');
    const grant = await deps.grants(apiKeyHash(key));
    const resource = stageResources(event.methodArn);
    if (!grant) {
      deps.logger.info({ request_id: event.requestContext?.requestId }, 'unknown API key refused');
      return { principalId: 'unknown', policyDocument: policy('Deny', resource) };
    }
    return {
      principalId: grant.client,
      policyDocument: policy('Allow', resource),
      context: authorizerContext(grant),
      usageIdentifierKey: key,
    };
  };
}
