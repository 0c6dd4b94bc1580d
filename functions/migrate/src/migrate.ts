import { randomBytes } from 'node:crypto';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { type MigrateConfig, secretsManagerSdk } from '@fluxa/config';
import {
  ensureFunctionRole,
  type FunctionWithRole,
  functionRoles,
  loadMigrations,
  type MigrationResult,
  runMigrations,
  type Sql,
} from '@fluxa/db';
import type { Logger } from '@fluxa/logging';

export interface MigrateDeps {
  config: MigrateConfig;
  database: () => Promise<Sql>;
  migrationsDir: string;
  logger: Logger;
  /** Needed when a role secret is configured (deployed stacks); built on first use. */
  secrets?: () => Promise<SecretsManagerClient>;
}

type RoleOutcome = 'ensured' | 'skipped';

export interface MigrateOutcome extends MigrationResult {
  /** What became of each function's login role. */
  roles: Record<FunctionWithRole, RoleOutcome>;
}

/**
 * Applies pending migrations, then (on AWS) makes sure each function's login
 * role exists with the password kept in its own secret: the read-only
 * `fluxa_query` and the processor's `fluxa_writer` member `fluxa_processor`.
 * An existing password is reused, so warm containers holding it keep working;
 * a new one is generated once. Without a secret (local, DATABASE_URL) a role is
 * skipped and the functions keep using the URL's user.
 */
export function createMigrator(deps: MigrateDeps) {
  return async (): Promise<MigrateOutcome> => {
    const sql = await deps.database();
    const result = await runMigrations(sql, loadMigrations(deps.migrationsDir));
    deps.logger.info(
      {
        applied: result.applied,
        already_applied: result.alreadyApplied,
        reworded: result.reworded,
        newer: result.newer,
      },
      'migrations done',
    );
    if (result.newer.length > 0) {
      deps.logger.warn(
        { newer: result.newer },
        'the database has migrations newer than this release (a later release applied them); going on',
      );
    }
    const roles = {} as Record<FunctionWithRole, RoleOutcome>;
    for (const fn of Object.keys(functionRoles) as FunctionWithRole[]) {
      roles[fn] = await provisionRole(deps, sql, fn, deps.config.roleSecretArns[fn]);
    }
    return { ...result, roles };
  };
}

async function provisionRole(
  deps: MigrateDeps,
  sql: Sql,
  fn: FunctionWithRole,
  secretArn: string | undefined,
): Promise<RoleOutcome> {
  const role = { name: functionRoles[fn].name, secretArn };
  if (!role.secretArn) return 'skipped';
  if (!deps.secrets)
    throw new Error(`a secret is set for ${role.name} but no Secrets Manager client was given`);
  const secrets = await deps.secrets();
  const { PutSecretValueCommand } = await secretsManagerSdk();
  const password =
    (await storedPassword(secrets, role.secretArn)) ?? randomBytes(24).toString('hex');
  await ensureFunctionRole(sql, fn, password);
  await secrets.send(
    new PutSecretValueCommand({
      SecretId: role.secretArn,
      SecretString: JSON.stringify({ username: role.name, password }),
    }),
  );
  deps.logger.info({ role: role.name }, 'login role ensured');
  return 'ensured';
}

async function storedPassword(
  secrets: SecretsManagerClient,
  secretArn: string,
): Promise<string | undefined> {
  const { GetSecretValueCommand, ResourceNotFoundException } = await secretsManagerSdk();
  try {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const value: unknown = JSON.parse(out.SecretString ?? '{}');
    const password = (value as { password?: unknown } | null)?.password;
    return typeof password === 'string' && /^[0-9a-f]{32,}$/.test(password) ? password : undefined;
  } catch (error) {
    // A secret created empty by Terraform has no value yet: that is the first deploy.
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}
