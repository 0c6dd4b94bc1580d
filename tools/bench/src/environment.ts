import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { loadMigrations, runMigrations, type Sql } from '@fluxa/db';
import {
  type AwsEmulator,
  type FluxaAwsResources,
  type PostgresServer,
  provisionAws,
  startPostgres,
} from '@fluxa/local-runtime';
import { startEmulatorProcess } from './emulatorChild';
import { repoRoot } from './repoRoot';

/**
 * postgres.js as @fluxa/db loads it (its CommonJS build: the workspace packages run as
 * CommonJS under tsx, this ESM package would get the ESM build). One class of PostgresError
 * for both, so the processor's `isDataError` (an `instanceof`) recognises the errors of the
 * pools made here.
 */
const postgres = createRequire(import.meta.url)('postgres') as typeof import('postgres');

/** AWS SDK clients pointed at the emulator. */
export interface AwsClients {
  sqs: SQSClient;
  sns: SNSClient;
  s3: S3Client;
}

/** The servers every in-process measurement shares: durable PostgreSQL and the emulator. */
export interface BenchEnvironment {
  pg: PostgresServer;
  aws: AwsEmulator & { pid: number };
  /** New clients (each measurement counts its own calls). */
  clients(): AwsClients;
  /** A pool on `url`, ended by `stop`; `onStatement` sees every statement sent (round trips). */
  pool(
    url: string,
    max: number,
    onStatement?: (query: string, parameters: unknown[]) => void,
    connection?: Record<string, string>,
  ): Sql;
  /** A new database with migrations/ applied, and a pool on it. */
  database(name: string, poolMax?: number): Promise<{ url: string; sql: Sql }>;
  /** Queue + DLQ, topic with a subscribed queue, bucket — as Terraform provisions them. */
  provision(prefix: string): Promise<FluxaAwsResources>;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL with durable settings (fsync, synchronous_commit and
 * full_page_writes on, as in production) and the SQS/SNS/S3 emulator (in a
 * process of its own, as the real services are remote), in a
 * temp directory removed by `stop`, which also ends every pool handed out.
 */
export async function startEnvironment(): Promise<BenchEnvironment> {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxa-bench-'));
  chmodSync(root, 0o755); // the postgres user (when we are root) must traverse it
  const started = await Promise.allSettled([
    startPostgres({ dataDir: path.join(root, 'pg'), durable: true, maxConnections: 100 }),
    startEmulatorProcess(),
  ]);
  const [pgResult, awsResult] = started;
  if (pgResult.status === 'rejected' || awsResult.status === 'rejected') {
    await Promise.all(started.map((s) => (s.status === 'fulfilled' ? s.value.stop() : undefined)));
    rmSync(root, { recursive: true, force: true });
    throw pgResult.status === 'rejected'
      ? pgResult.reason
      : (awsResult as PromiseRejectedResult).reason;
  }
  const pg = pgResult.value;
  const aws = awsResult.value;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  const options = awsClientOptions({ AWS_ENDPOINT_URL: aws.endpoint });
  const pools: Sql[] = [];
  const created: AwsClients[] = [];
  const migrations = loadMigrations(path.join(repoRoot, 'migrations'));

  const clients = (): AwsClients => {
    const made = {
      sqs: new SQSClient(options),
      sns: new SNSClient(options),
      s3: new S3Client(options),
    };
    created.push(made);
    return made;
  };
  const pool: BenchEnvironment['pool'] = (url, max, onStatement, connection) => {
    const debug = onStatement
      ? (_connection: number, query: string, parameters: unknown[]) =>
          onStatement(query, parameters)
      : undefined;
    const sql = postgres(url, {
      max,
      onnotice: () => {},
      ...(debug ? { debug } : {}),
      ...(connection ? { connection } : {}),
    });
    pools.push(sql);
    return sql;
  };

  return {
    pg,
    aws,
    clients,
    pool,
    async database(name, poolMax = 4) {
      const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
      try {
        await admin.unsafe(`create database ${name}`);
      } finally {
        await admin.end();
      }
      const url = pg.url.replace(/\/[^/]*$/, `/${name}`);
      const sql = pool(url, poolMax);
      await runMigrations(sql, migrations);
      return { url, sql };
    },
    provision(prefix) {
      return provisionAws(clients(), { prefix, visibilityTimeoutSeconds: 30 });
    },
    async stop() {
      await Promise.allSettled(pools.map((open) => open.end({ timeout: 2 })));
      for (const clients of created) for (const client of Object.values(clients)) client.destroy();
      await Promise.allSettled([pg.stop(), aws.stop()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}
