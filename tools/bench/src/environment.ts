import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClient, awsClientOptions } from '@fluxa/config';
import { loadMigrations, runMigrations, type Sql } from '@fluxa/db';
import {
  type AwsEmulator,
  type FluxaAwsResources,
  type PostgresServer,
  provisionAws,
  startPostgres,
  stopProcess,
  waitForMessage,
} from '@fluxa/local-runtime';
import postgres from 'postgres';
import { repoRoot } from './repoRoot';

/** AWS SDK clients pointed at the emulator. */
export type AwsClients = { sqs: SQSClient; sns: SNSClient; s3: S3Client };

/** The servers every in-process measurement shares: durable PostgreSQL and the emulator. */
export interface BenchEnvironment {
  pg: PostgresServer;
  aws: AwsEmulator & { pid: number };
  /** New clients (a measurement counts its own calls). */
  clients(): AwsClients;
  /** A new database with migrations/ applied, and the benchmark's own pool on it. */
  database(name: string): Promise<{ url: string; sql: Sql }>;
  /** Queue + DLQ, topic with a subscribed queue, bucket — as Terraform provisions them. */
  provision(prefix: string): Promise<FluxaAwsResources>;
  /** Runs `close` (a function's pool, say) when the environment stops. */
  onStop(close: () => Promise<unknown>): void;
  stop(): Promise<void>;
}

/**
 * Starts a real PostgreSQL with durable settings (fsync, synchronous_commit and
 * full_page_writes on, as in production) and the SQS/SNS/S3 emulator in a process of its own
 * (on AWS those services are remote: their CPU is not the function's), in a temp directory
 * removed by `stop`, which also ends every pool and client handed out.
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
    const [failure] = started.filter((s) => s.status === 'rejected');
    throw failure?.reason;
  }
  const pg = pgResult.value;
  const aws = awsResult.value;
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
  });
  const options = awsClientOptions({ AWS_ENDPOINT_URL: aws.endpoint });
  const closers: (() => Promise<unknown>)[] = [];
  const clients = (): AwsClients => {
    const made = {
      sqs: awsClient(SQSClient, options),
      sns: awsClient(SNSClient, options),
      s3: awsClient(S3Client, options),
    };
    closers.push(async () => Object.values(made).map((client) => client.destroy()));
    return made;
  };
  return {
    pg,
    aws,
    clients,
    async database(name) {
      const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`).finally(() => admin.end());
      const url = pg.url.replace(/\/[^/]*$/, `/${name}`);
      const sql = postgres(url, { max: 4, onnotice: () => {} });
      closers.push(() => sql.end({ timeout: 2 }));
      await runMigrations(sql, loadMigrations(path.join(repoRoot, 'migrations')));
      return { url, sql };
    },
    provision: (prefix) => provisionAws(clients(), { prefix, visibilityTimeoutSeconds: 30 }),
    onStop: (close) => closers.push(close),
    async stop() {
      await Promise.allSettled(closers.map((close) => close()));
      await Promise.allSettled([pg.stop(), aws.stop()]);
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The local stack's own emulator process (`local/dist/main.mjs emulator`, without persistence):
 * it tells its port over IPC, and ends with that channel should this process die.
 */
async function startEmulatorProcess(): Promise<AwsEmulator & { pid: number }> {
  const main = path.join(repoRoot, 'local', 'dist', 'main.mjs');
  const child = spawn(process.execPath, [main, 'emulator', '--port', '0'], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const stop = () => stopProcess(child, { killAfterMs: 5_000 });
  try {
    const port = await waitForMessage(
      child,
      (message) => (message as { type?: string; port?: number }).port,
      { what: 'the emulator', timeoutMs: 30_000 },
    );
    return { endpoint: `http://127.0.0.1:${port}`, port, pid: child.pid ?? -1, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
