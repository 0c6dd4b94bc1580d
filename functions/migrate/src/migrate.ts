import { randomBytes } from 'node:crypto';
import {
  GetSecretValueCommand,
  PutSecretValueCommand,
  type SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { MigrateConfig } from '@fluxa/config';
import {
  ensureQueryRole,
  loadMigrations,
  type MigrationResult,
  queryRoleName,
  runMigrations,
  type Sql,
} from '@fluxa/db';
import type { Logger } from '@fluxa/logging';

export interface MigrateDeps {
  config: MigrateConfig;
  database: () => Promise<Sql>;
  migrationsDir: string;
  logger: Logger;
  /** Needed when config.queryRoleSecretArn is set (deployed stacks). */
  secrets?: SecretsManagerClient;
}

export interface MigrateOutcome extends MigrationResult {
  queryRole: 'ensured' | 'skipped';
}

/**
 * Applies pending migrations, then (on AWS) makes sure the read-only query role
 * exists with the password kept in its secret: an existing password is reused,
 * so warm query containers holding it keep working; a new one is generated once.
 */
export function createMigrator(deps: MigrateDeps) {
  return async (): Promise<MigrateOutcome> => {
    const sql = await deps.database();
    const result = await runMigrations(sql, loadMigrations(deps.migrationsDir));
    deps.logger.info(
      { applied: result.applied, already_applied: result.alreadyApplied },
      'migrations done',
    );
    const secretArn = deps.config.queryRoleSecretArn;
    if (!secretArn) return { ...result, queryRole: 'skipped' };
    if (!deps.secrets)
      throw new Error('QUERY_ROLE_SECRET_ARN is set but no Secrets Manager client was given');
    const password =
      (await storedPassword(deps.secrets, secretArn)) ?? randomBytes(24).toString('hex');
    await ensureQueryRole(sql, password);
    await deps.secrets.send(
      new PutSecretValueCommand({
        SecretId: secretArn,
        SecretString: JSON.stringify({ username: queryRoleName, password }),
      }),
    );
    deps.logger.info({ role: queryRoleName }, 'query role ensured');
    return { ...result, queryRole: 'ensured' };
  };
}

async function storedPassword(
  secrets: SecretsManagerClient,
  secretArn: string,
): Promise<string | undefined> {
  try {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const value: unknown = JSON.parse(out.SecretString ?? '{}');
    const password = (value as { password?: unknown } | null)?.password;
    return typeof password === 'string' && /^[0-9a-f]{32,}$/.test(password) ? password : undefined;
  } catch (error) {
    // A secret created empty by Terraform has no value yet: that is the first deploy.
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}
