import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  findPostgresBinaries,
  type PostgresServer,
  startAwsEmulator,
  startPostgres,
} from '@fluxa/testing/servers';
import postgres from 'postgres';
import type { StackOptions } from './options';

/** PostgreSQL the stack owns (or an external DATABASE_URL), stoppable for fault drills. */
export interface ManagedPostgres {
  url: string;
  external: boolean;
  stop(): Promise<void>;
  start(): Promise<void>;
  pids(): Record<string, number>;
}

/**
 * DATABASE_URL when given; else an embedded PostgreSQL (fsync on) in
 * `<stateDir>/pg`, or — when we are root and the `postgres` user cannot reach
 * the checkout (a mode-700 home) — in a per-checkout directory under the temp dir.
 */
export async function managePostgres(
  options: StackOptions,
  log: (line: string) => void,
): Promise<ManagedPostgres> {
  if (options.databaseUrl) {
    const url = options.databaseUrl;
    const refuse = () =>
      Promise.reject(
        new Error('the stack uses an external DATABASE_URL; it cannot stop or start it'),
      );
    return { url, external: true, stop: async () => {}, start: refuse, pids: () => ({}) };
  }
  const dataDir = pgDataDir(options.stateDir);
  let server: PostgresServer | undefined;
  let port = options.pgPort; // 0: any free port, then the same one on every restart
  const start = async () => {
    server = await startPostgres({
      dataDir,
      port: port || undefined,
      durable: true,
      detached: true,
    });
    port = server.port;
  };
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await ensureDatabase(adminUrl, 'fluxa');
  log(`postgres on 127.0.0.1:${port}, data in ${dataDir}`);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/fluxa`,
    external: false,
    stop: async () => {
      await server?.stop();
      server = undefined;
    },
    start: async () => {
      if (!server) await start();
    },
    pids: (): Record<string, number> => (server ? { postgres: server.pid } : {}),
  };
}

function pgDataDir(stateDir: string): string {
  const preferred = path.join(stateDir, 'pg');
  const { runAs } = findPostgresBinaries();
  if (!runAs) return preferred;
  const reachable =
    spawnSync('test', ['-x', stateDir], { uid: runAs.uid, gid: runAs.gid }).status === 0;
  if (reachable) return preferred;
  const id = createHash('sha256').update(stateDir).digest('hex').slice(0, 12);
  return path.join(tmpdir(), `fluxa-local-pg-${id}`);
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [exists] = await sql`select 1 from pg_database where datname = ${name}`;
    if (!exists) await sql.unsafe(`create database ${name}`);
  } finally {
    await sql.end();
  }
}

/** The SQS/SNS/S3 emulator the stack owns (or an external one), stoppable for fault drills. */
export interface ManagedEmulator {
  endpoint: string;
  stop(): Promise<void>;
  start(): Promise<void>;
  pids(): Record<string, number>;
}

/** An emulator persisting to `<stateDir>/emulator`, so queues and messages survive a restart. */
export async function manageEmulator(options: StackOptions): Promise<ManagedEmulator> {
  if (options.emulatorEndpoint) {
    const refuse = () =>
      Promise.reject(new Error('the stack uses an external emulator; it cannot stop or start it'));
    return {
      endpoint: options.emulatorEndpoint,
      stop: async () => {},
      start: refuse,
      pids: () => ({}),
    };
  }
  const dataDir = path.join(options.stateDir, 'emulator');
  let emulator = await startAwsEmulator({ port: options.emulatorPort, dataDir });
  const port = emulator.port;
  let running = true;
  return {
    endpoint: emulator.endpoint,
    stop: async () => {
      if (running) await emulator.stop();
      running = false;
    },
    start: async () => {
      if (!running) emulator = await startAwsEmulator({ port, dataDir });
      running = true;
    },
    pids: () => ({}),
  };
}
