import { callerFrom } from '@fluxa/models';
import { authorizerOnNewBucket, authorizerRequest, grant, sha256 } from './helpers/grantsObject';

describe('the API key authorizer', () => {
  it('allows a granted key on every route of the stage, with its tenant and scopes, as its own usage plan key', async () => {
    // Prepare
    const { store, authorizer } = await authorizerOnNewBucket();
    await store.write({ [sha256('k3-secret')]: grant('globex-app', 'globex', ['write', 'read']) });

    // Act
    const result = await authorizer(authorizerRequest({ 'X-Api-Key': 'k3-secret' }));

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
    // Prepare
    const { store, authorizer } = await authorizerOnNewBucket();
    await store.write({ [sha256('k1-secret')]: grant('acme-pos', 'acme', ['write']) });

    // Act
    const result = await authorizer(authorizerRequest({ 'x-api-key': 'not-a-key' }));

    // Assess
    expect(result.policyDocument.Statement[0]).toMatchObject({ Effect: 'Deny' });
    expect(result.context).toBeUndefined();
  });

  it('answers a request without a key with API Gateway’s 401 (Unauthorized)', async () => {
    // Prepare
    const { authorizer } = await authorizerOnNewBucket();

    // Act
    const outcome = authorizer(authorizerRequest({}));

    // Assess
    await expect(outcome).rejects.toThrow('Unauthorized');
  });
});
