import type { EnvReader } from './env';

/**
 * TLS to PostgreSQL: off, encrypted without checking who answers (`require`),
 * or encrypted to a server whose certificate chains to a trusted CA and names
 * the host connected to (`verify-full`).
 */
export type DatabaseSslMode = 'disable' | 'require' | 'verify-full';

const sslModes: readonly DatabaseSslMode[] = ['disable', 'require', 'verify-full'];

/** How a function reaches PostgreSQL. */
export interface DatabaseSettings {
  /** Local and test runs: a full URL. Never logged. */
  url?: string;
  host?: string;
  port: number;
  database?: string;
  /** Secrets Manager secret holding {"username","password"} (RDS-managed or a login role's). */
  secretArn?: string;
  /** Absent with a URL and no DB_SSL: the URL's own sslmode (postgres.js reads it) decides. */
  ssl?: DatabaseSslMode;
  /**
   * PEM file of the CAs to trust instead of Node's list (DB_SSL_ROOT_CERT), e.g.
   * a private CA of a local server. On Lambda the RDS CAs come from
   * NODE_EXTRA_CA_CERTS, which adds to Node's list instead.
   */
  sslRootCert?: string;
  /** false behind RDS Proxy, which pins connections that use prepared statements. */
  prepare: boolean;
  /** At most 2 per Lambda container: functions × pool stays under the database's limit. */
  poolMax: number;
}

/**
 * Reads DATABASE_URL, or DB_HOST/DB_PORT/DB_NAME/DB_SECRET_ARN, plus DB_SSL,
 * DB_SSL_ROOT_CERT, DB_PREPARE, DB_POOL_MAX. A database reached by DB_HOST (a
 * deployed stack) is always verified: the password goes only to a server whose
 * certificate checks out.
 */
export function readDatabaseSettings(reader: EnvReader): DatabaseSettings {
  const url = reader.optional('DATABASE_URL');
  const ssl = readSslMode(reader);
  const sslRootCert = reader.optional('DB_SSL_ROOT_CERT');
  const common = {
    port: reader.integer('DB_PORT', 5432, { min: 1, max: 65535 }),
    prepare: reader.boolean('DB_PREPARE', true),
    poolMax: reader.integer('DB_POOL_MAX', 2, { min: 1, max: 10 }),
    ...(sslRootCert ? { sslRootCert } : {}),
  };
  if (url) return { url, ...common, ...(ssl ? { ssl } : {}) };
  if (ssl && ssl !== 'verify-full') {
    reader.problems.push(
      `DB_SSL must be verify-full for a database reached by DB_HOST (got ${ssl}): the server certificate is always checked`,
    );
  }
  return {
    ...common,
    host: reader.required('DB_HOST'),
    database: reader.required('DB_NAME'),
    secretArn: reader.required('DB_SECRET_ARN'),
    ssl: 'verify-full',
  };
}

function readSslMode(reader: EnvReader): DatabaseSslMode | undefined {
  const raw = reader.optional('DB_SSL');
  if (raw === undefined) return undefined;
  const mode = sslModes.find((m) => m === raw);
  if (!mode) reader.problems.push(`DB_SSL must be one of ${sslModes.join(', ')}`);
  return mode;
}
