import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClientOptions, withoutSdkLogging } from '../src';

/** The names in a client's middleware stack ("<name> - <step>" as the SDK lists them). */
const middlewareNames = (client: SecretsManagerClient) =>
  client.middlewareStack.identify().map((entry) => entry.split(' - ')[0]);

describe('withoutSdkLogging', () => {
  it("removes the SDK's logger middleware and nothing else", () => {
    // Prepare
    const client = new SecretsManagerClient(awsClientOptions({}));
    const before = middlewareNames(client);

    // Act
    const returned = withoutSdkLogging(client);

    // Assess
    expect(returned).toBe(client);
    expect(before).toContain('loggerMiddleware');
    expect(middlewareNames(client)).toEqual(before.filter((name) => name !== 'loggerMiddleware'));
  });
});
