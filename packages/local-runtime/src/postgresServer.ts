import { spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { hasExited, stopProcess } from './childProcess';
import { freePort } from './ports';
import { findPostgresBinaries } from './postgresBinaries';
import { waitUntil } from './waitUntil';

/** A running PostgreSQL cluster owned by this process. */
export interface PostgresServer {
  /** Superuser URL of the `postgres` database. */
  url: string;
  port: number;
  pid: number;
  /** Fast shutdown (SIGINT); resolves when the server has exited. */
  stop(): Promise<void>;
}

export interface PostgresServerOptions {
  /** Cluster directory; initialised on first use, reused after. */
  dataDir: string;
  port?: number;
  /** false trades crash safety for speed (tests); true keeps fsync on (local stack, benchmarks). */
  durable?: boolean;
  maxConnections?: number;
  /** Own process group: a terminal's Ctrl-C reaches the owner, which stops the server last. */
  detached?: boolean;
  onLog?: (line: string) => void;
}

/**
 * Initialises (once) and starts a real PostgreSQL server on 127.0.0.1, as the
 * `postgres` user when we are root, and waits until it accepts connections.
 */
export async function startPostgres(options: PostgresServerOptions): Promise<PostgresServer> {
  const { binDir, runAs } = findPostgresBinaries();
  const port = options.port ?? (await freePort());
  const identity = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const socketDir = path.join(options.dataDir, 'socket');
  if (!existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
    if (runAs) chownSync(options.dataDir, runAs.uid, runAs.gid);
    const init = spawnSync(
      path.join(binDir, 'initdb'),
      ['-D', options.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C'],
      { ...identity, encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error}`);
  }
  mkdirSync(socketDir, { recursive: true });
  if (runAs) chownSync(socketDir, runAs.uid, runAs.gid);
  const settings = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: socketDir,
    max_connections: String(options.maxConnections ?? 200),
    fsync: options.durable ? 'on' : 'off',
    synchronous_commit: options.durable ? 'on' : 'off',
    full_page_writes: options.durable ? 'on' : 'off',
  };
  const args = ['-D', options.dataDir, '-p', String(port)];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child = spawn(path.join(binDir, 'postgres'), args, {
    ...identity,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  const log: string[] = [];
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    log.push(text);
    options.onLog?.(text);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  try {
    await waitUntil(
      async () => {
        if (hasExited(child)) {
          throw new Error(`postgres exited with ${child.exitCode}: ${log.join('').slice(-2000)}`);
        }
        return accepts(url);
      },
      { timeoutMs: 30_000, what: 'postgres accepting connections' },
    );
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  // SIGINT is PostgreSQL's fast shutdown: sessions are ended, the data stays consistent.
  return { url, port, pid: child.pid ?? -1, stop: () => stopProcess(child, { signal: 'SIGINT' }) };
}

async function accepts(url: string): Promise<boolean> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
