import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerSdk } from './awsClients';

/** The JSON an RDS-managed (or our query-role) secret holds. */
export interface DatabaseCredentials {
  username: string;
  password: string;
}

/** Reads database credentials from Secrets Manager. */
export type CredentialsSource = (secretArn: string) => Promise<DatabaseCredentials>;

/**
 * Caches secrets across invocations of a warm container for `ttlMs` (default
 * 5 min), so a rotated password is picked up without a call per invocation. The client (and
 * its SDK module) is asked for on the first read only (`lazySecretsManager`).
 */
export function cachedCredentials(
  client: () => Promise<SecretsManagerClient>,
  ttlMs = 5 * 60_000,
): CredentialsSource {
  const cache = new Map<string, { expires: number; value: Promise<DatabaseCredentials> }>();
  return (secretArn) => {
    const hit = cache.get(secretArn);
    if (hit && hit.expires > Date.now()) return hit.value;
    const value = (async () => {
      const { GetSecretValueCommand } = await secretsManagerSdk();
      const out = await (await client()).send(new GetSecretValueCommand({ SecretId: secretArn }));
      const parsed: unknown = JSON.parse(out.SecretString ?? '{}');
      const { username, password } = (parsed ?? {}) as Partial<DatabaseCredentials>;
      if (typeof username !== 'string' || typeof password !== 'string') {
        throw new Error('database secret must hold string "username" and "password"');
      }
      return { username, password };
    })();
    value.catch(() => cache.delete(secretArn));
    cache.set(secretArn, { expires: Date.now() + ttlMs, value });
    return value;
  };
}
