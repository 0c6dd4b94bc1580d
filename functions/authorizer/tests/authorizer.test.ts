import { createHash } from 'node:crypto';
import { readAuthorizerConfig } from '@fluxa/config';
import { createLogger } from '@fluxa/logging';
import { callerFrom } from '@fluxa/models';
import type { APIGatewayRequestAuthorizerEvent } from 'aws-lambda';
import { createAuthorizer } from '../src';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const grants = {
  [sha256('k1-secret')]: { client: 'acme-pos', tenant_id: 'acme', scopes: ['write' as const] },
  [sha256('k3-secret')]: {
    client: 'globex-app',
    tenant_id: 'globex',
    scopes: ['write' as const, 'read' as const],
  },
};
const authorizer = createAuthorizer({
  grants,
  logger: createLogger('authorizer', { level: 'silent' }),
});

const methodArn = 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/GET/events/order:1';
function request(headers: Record<string, string>): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn,
    headers,
    requestContext: { requestId: 'r-1' },
  } as unknown as APIGatewayRequestAuthorizerEvent;
}

describe('the API key authorizer', () => {
  it('allows a granted key on every route of the stage, with its tenant and scopes, as its own usage plan key', async () => {
    // Act
    const result = await authorizer(request({ 'X-Api-Key': 'k3-secret' }));

    // Assess
    expect(result.policyDocument.Statement).toEqual([
      {
        Action: 'execute-api:Invoke',
        Effect: 'Allow',
        Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc123/v1/*/*',
      },
    ]);
    expect(callerFrom(result.context)).toEqual({
      client: 'globex-app',
      tenantId: 'globex',
      scopes: ['write', 'read'],
    });
    expect(result.usageIdentifierKey).toBe('k3-secret');
  });

  it('denies a key it has no grant for (unknown, or revoked by removing its grant)', async () => {
    // Act
    const result = await authorizer(request({ 'x-api-key': 'not-a-key' }));

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toBeUndefined();
  });

  it('answers a request without a key with API Gateway’s 401 (Unauthorized)', async () => {
    // Act
    const outcome = authorizer(request({}));

    // Assess
    await expect(outcome).rejects.toThrow('Unauthorized');
  });

  it('refuses to start with a grants table that is not one', () => {
    // Act
    const read = (value: string) => () => readAuthorizerConfig({ API_KEY_GRANTS: value });

    // Assess
    expect(read('not json')).toThrow('API_KEY_GRANTS must be JSON');
    expect(read(JSON.stringify({ 'not-a-hash': grants[sha256('k1-secret')] }))).toThrow(
      'API_KEY_GRANTS is not a grants table',
    );
    expect(
      read(
        JSON.stringify({
          [sha256('x')]: { client: 'c', tenant_id: 'Bad Tenant', scopes: ['read'] },
        }),
      ),
    ).toThrow('API_KEY_GRANTS is not a grants table');
  });
});
