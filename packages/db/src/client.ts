import { readFileSync } from 'node:fs';
import type { CredentialsSource, DatabaseSettings } from '@fluxa/config';
import postgres from 'postgres';

/** The postgres.js client every package takes. */
export type Sql = postgres.Sql;
/** An open transaction (its `savepoint` nests a sub-transaction). */
export type Transaction = postgres.TransactionSql;
/** A client or an open transaction: repository functions accept either. */
export type SqlOrTx = postgres.Sql | postgres.TransactionSql;
/** A piece of SQL (a tagged template not yet run) to embed in a larger statement. */
export type SqlFragment = postgres.Fragment;
/** An error PostgreSQL itself raised: `code` is its SQLSTATE. */
export type DatabaseError = postgres.PostgresError;

/**
 * The postgres.js `ssl` option for the settings. `verify-full` leaves Node's
 * certificate checks on: the chain must reach a trusted CA (Node's list plus
 * NODE_EXTRA_CA_CERTS, or DB_SSL_ROOT_CERT alone) and the certificate must
 * name the host connected to (postgres.js passes it as the TLS servername).
 * `require` encrypts but would talk to anyone; undefined lets a URL's sslmode decide.
 */
export function tlsOptions(
  settings: Pick<DatabaseSettings, 'ssl' | 'sslRootCert'>,
): postgres.Options<Record<string, never>>['ssl'] | undefined {
  switch (settings.ssl) {
    case undefined:
      return undefined;
    case 'disable':
      return false;
    case 'require':
      return 'require';
    case 'verify-full':
      return {
        rejectUnauthorized: true,
        ...(settings.sslRootCert ? { ca: readFileSync(settings.sslRootCert) } : {}),
      };
  }
}

/**
 * Opens the bounded pool of one Lambda container: at most `poolMax` (2)
 * connections, reused across invocations; credentials from Secrets Manager
 * when no DATABASE_URL is given; `prepare: false` for RDS Proxy; TLS as
 * `tlsOptions` says.
 */
export async function connectDatabase(
  settings: DatabaseSettings,
  options: { applicationName: string; credentials?: CredentialsSource; readOnly?: boolean },
): Promise<Sql> {
  const common = {
    max: settings.poolMax,
    prepare: settings.prepare,
    ...(settings.ssl === undefined ? {} : { ssl: tlsOptions(settings) }),
    connect_timeout: 5,
    idle_timeout: 300,
    max_lifetime: 30 * 60,
    onnotice: () => {},
    connection: {
      application_name: options.applicationName,
      // The query function's sessions cannot write even where its role could (local DATABASE_URL).
      ...(options.readOnly ? { default_transaction_read_only: true } : {}),
    },
  };
  if (settings.url) return postgres(settings.url, common);
  const { secretArn } = settings;
  if (!secretArn || !options.credentials) {
    throw new Error(
      'database settings need DATABASE_URL or DB_SECRET_ARN with a credentials source',
    );
  }
  const readCredentials = options.credentials;
  const { username } = await readCredentials(secretArn);
  return postgres({
    ...common,
    host: settings.host,
    port: settings.port,
    database: settings.database,
    username,
    // Read on every new connection, so a rotated secret is picked up (it is cached for minutes).
    password: async () => (await readCredentials(secretArn)).password,
  });
}

/**
 * A container-lifetime pool opened on first use: cold start does no I/O, and a
 * failed connect is retried by the next invocation instead of poisoning the container.
 */
export function lazyDatabase(
  settings: DatabaseSettings,
  options: Parameters<typeof connectDatabase>[1],
): () => Promise<Sql> {
  let pool: Promise<Sql> | undefined;
  return () => {
    pool ??= connectDatabase(settings, options).catch((error: unknown) => {
      pool = undefined;
      throw error;
    });
    return pool;
  };
}

/** Error codes meaning the database is unreachable or refusing work: retry later (503 / transient). */
const unavailableCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08003',
  '08006',
  '08001',
  '08004',
]);

/** True when an error says the database is unavailable rather than that a query is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unavailableCodes.has(code);
}

/** What an HTTP route answers when the database is unavailable: a 503 its client may retry. */
export const databaseUnavailable = {
  is: isDatabaseUnavailable,
  message: 'the event store is unavailable; retry later',
} as const;

/**
 * SQLSTATE classes meaning "the database refuses this data" rather than "the database is in
 * trouble": 22 data exception (a value it cannot hold), 23 integrity constraint violation,
 * 54 program limit exceeded (a row or value too large). Retrying the same row cannot help.
 */
const dataErrorClasses = new Set(['22', '23', '54']);

/** True when PostgreSQL refused the data itself (by SQLSTATE class, never by message text). */
export function isDataError(error: unknown): error is DatabaseError {
  return error instanceof postgres.PostgresError && dataErrorClasses.has(error.code.slice(0, 2));
}
