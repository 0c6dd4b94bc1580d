import type { EnvReader } from './env';

/** How a function reaches PostgreSQL (SPEC §5.9). */
export interface DatabaseSettings {
  /** Local and test runs: a full URL. Never logged. */
  url?: string;
  host?: string;
  port: number;
  database?: string;
  /** Secrets Manager secret holding {"username","password"} (RDS-managed or the query role's). */
  secretArn?: string;
  ssl: 'require' | 'disable';
  /** false behind RDS Proxy, which pins connections that use prepared statements. */
  prepare: boolean;
  /** At most 2 per Lambda container: functions × pool stays under the database's limit. */
  poolMax: number;
}

/** Reads DATABASE_URL, or DB_HOST/DB_PORT/DB_NAME/DB_SECRET_ARN, plus DB_SSL, DB_PREPARE, DB_POOL_MAX. */
export function readDatabaseSettings(reader: EnvReader): DatabaseSettings {
  const url = reader.optional('DATABASE_URL');
  const common = {
    port: reader.integer('DB_PORT', 5432, { min: 1, max: 65535 }),
    prepare: reader.boolean('DB_PREPARE', true),
    poolMax: reader.integer('DB_POOL_MAX', 2, { min: 1, max: 10 }),
    ssl: (reader.optional('DB_SSL') === 'require' ? 'require' : 'disable') as 'require' | 'disable',
  };
  if (url) return { url, ...common };
  return {
    ...common,
    host: reader.required('DB_HOST'),
    database: reader.required('DB_NAME'),
    secretArn: reader.required('DB_SECRET_ARN'),
    ssl: reader.optional('DB_SSL') === 'disable' ? 'disable' : 'require',
  };
}
