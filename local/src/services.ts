import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import {
  findPostgresBinaries,
  type PostgresServer,
  startAwsEmulator,
  startPostgres,
} from '@fluxa/local-runtime';
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
  let port = options.pgPort; // 0 picks a free port; every restart reuses the one picked
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

/**
 * The emulator in a child process of its own (a second core for the AWS side
 * while the supervisor serves HTTP), persisting to `<stateDir>/emulator` so
 * queues, in-flight messages and objects survive a restart.
 */
export async function manageEmulator(
  options: StackOptions,
  mainScript: string,
): Promise<ManagedEmulator> {
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
  let port = options.emulatorPort;
  let child: ChildProcess | undefined;
  const start = async () => {
    if (child) return;
    const started = await spawnReady(mainScript, [
      'emulator',
      '--port',
      String(port),
      '--data-dir',
      dataDir,
    ]);
    child = started.child;
    port = started.port;
  };
  await start();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    start,
    stop: async () => {
      const running = child;
      child = undefined;
      if (running) await stopChild(running);
    },
    pids: (): Record<string, number> => (child?.pid ? { emulator: child.pid } : {}),
  };
}

/** The line the emulator child prints once it listens, followed by its port. */
export const emulatorReadyMarker = 'FLUXA_EMULATOR_READY ';

function spawnReady(
  mainScript: string,
  args: string[],
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [mainScript, ...args], {
    // Own process group (Ctrl-C reaches only the supervisor); the IPC channel ends it if the supervisor dies.
    detached: true,
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.on('line', (line) => {
      if (line.startsWith(emulatorReadyMarker))
        resolve({ child, port: Number(line.slice(emulatorReadyMarker.length)) });
    });
    child.once('exit', (code) =>
      reject(new Error(`the emulator exited (${code}) before it was ready`)),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** The emulator child process: serves until SIGTERM or until its supervisor is gone. */
export async function runEmulatorProcess(argv: string[]): Promise<void> {
  const portFlag = argv.indexOf('--port');
  const dirFlag = argv.indexOf('--data-dir');
  const emulator = await startAwsEmulator({
    port: Number(argv[portFlag + 1] ?? 0),
    ...(dirFlag >= 0 ? { dataDir: argv[dirFlag + 1] } : {}),
  });
  process.stdout.write(`${emulatorReadyMarker}${emulator.port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('disconnect', () => resolve());
  });
  await emulator.stop();
  process.exit(0);
}
