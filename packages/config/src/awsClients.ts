import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/**
 * Options shared by every AWS SDK client: bounded connect/request timeouts so an
 * unreachable service fails fast (ingest answers 503 instead of hanging), and
 * path-style S3 when an endpoint override (the local emulator) is in use.
 * AWS_ENDPOINT_URL is passed as an explicit `endpoint` so the SQS client sends
 * to it rather than to the host named in a queue URL.
 */
export function awsClientOptions(env: Record<string, string | undefined> = process.env) {
  return {
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000 },
    ...(env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL, forcePathStyle: true } : {}),
  };
}

/** The options every client starts from (`awsClientOptions`), as a client's constructor takes them. */
export type AwsClientOptions = ReturnType<typeof awsClientOptions> & {
  endpoint?: string;
  forcePathStyle?: boolean;
};

/**
 * An AWS SDK client built as every function builds its clients: from `awsClientOptions()`
 * with the client's own `overrides`, and without the SDK's logger middleware. Fluxa logs what
 * fails itself and gives the SDK no logger, yet that middleware builds a redacted copy of
 * every command's input and output for the one that discards them — about 4% of ingest's
 * CPU, the entries of a SendMessageBatch walked field by field.
 */
export function awsClient<C extends { middlewareStack: { remove(name: string): boolean } }>(
  Client: new (options: AwsClientOptions) => C,
  overrides: Partial<AwsClientOptions> = {},
): C {
  const client = new Client({ ...awsClientOptions(), ...overrides });
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/**
 * A memoised getter: `build` runs on the first call only and every call shares its promise
 * (a build that failed is tried again by the next call, not remembered as failed).
 * Handlers wrap the clients of rare paths in it and import their SDK module inside `build`:
 * the bundler leaves a dynamically imported module unevaluated until then, so a cold start
 * whose requests never take that path pays neither for the module nor for the client.
 */
export function onFirstUse<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () => {
    built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    });
    return built;
  };
}

/** The Secrets Manager SDK (the few exports Fluxa uses), loaded on demand. */
export const secretsManagerSdk = () => import('./secretsSdk');

/**
 * Secrets Manager, built on first use: only a stack whose database credentials (or role
 * passwords) live in a secret ever reads one, and then once per container and TTL.
 */
export function lazySecretsManager(): () => Promise<SecretsManagerClient> {
  return onFirstUse(async () => {
    const { SecretsManagerClient } = await secretsManagerSdk();
    return awsClient(SecretsManagerClient);
  });
}
