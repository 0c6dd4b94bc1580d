import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { awsClient, awsClientOptions } from '../src';

/** The names in a client's middleware stack ("<name> - <step>" as the SDK lists them). */
const middlewareNames = (client: SecretsManagerClient) =>
  client.middlewareStack.identify().map((entry) => entry.split(' - ')[0]);

describe('awsClient', () => {
  it("builds the client without the SDK's logger middleware and nothing else", () => {
    // Prepare
    const plain = new SecretsManagerClient(awsClientOptions());

    // Act
    const client = awsClient(SecretsManagerClient);

    // Assess
    expect(middlewareNames(plain)).toContain('loggerMiddleware');
    expect(middlewareNames(client)).toEqual(
      middlewareNames(plain).filter((name) => name !== 'loggerMiddleware'),
    );
  });

  it("starts from the shared options and takes the client's own over them", async () => {
    // Act
    const client = awsClient(SecretsManagerClient, { maxAttempts: 2 });

    // Assess
    expect(await client.config.maxAttempts()).toBe(2);
    expect(await awsClient(SecretsManagerClient).config.maxAttempts()).toBe(
      awsClientOptions().maxAttempts,
    );
  });
});
