import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  findPostgresBinaries,
  processCommandLine,
  startPostgres,
  stopPid,
} from '@fluxa/local-runtime';
import { createDatabaseIfMissing } from './database';
import { externalService, type ManagedService, startRestartable } from './managedService';
import { portVariables, type StackOptions } from './options';
import { ensurePortFree } from './ports';
import { LocalStackError } from './stackErrors';
import type { StackLog } from './stackLog';

/** The stack's PostgreSQL (or the DATABASE_URL it was given) and the URL of its database. */
export interface ManagedPostgres extends ManagedService {
  url: string;
}

/**
 * DATABASE_URL when given; else an embedded PostgreSQL (fsync on) in the stack's data dir,
 * with a `fluxa` database. Refuses to start beside a server it did not start: one on its
 * port, or one still running on its data dir.
 */
export async function managePostgres(
  options: StackOptions,
  stackLog: StackLog,
): Promise<ManagedPostgres> {
  if (options.databaseUrl) {
    return { ...externalService('an external DATABASE_URL'), url: options.databaseUrl };
  }
  const dataDir = postgresDataDir(options.stateDir);
  const holder = postmasterPid(dataDir);
  if (holder !== undefined) {
    throw new LocalStackError(
      'DATA_DIR_IN_USE',
      `PostgreSQL pid ${holder} already runs on ${dataDir}: make local-down stops it`,
    );
  }
  await ensurePortFree(options.pgPort, portVariables.pgPort);
  let port = options.pgPort; // 0 picks a free port; a restart reuses the one picked
  const service = await startRestartable(options.stateDir, 'postgres', async () => {
    const server = await startPostgres({
      dataDir,
      port: port || undefined,
      durable: true,
      detached: true,
      onLog: stackLog.raw,
    });
    port = server.port;
    return server;
  });
  await createDatabaseIfMissing(`postgres://postgres@127.0.0.1:${port}/postgres`, 'fluxa');
  stackLog.line(`postgres on 127.0.0.1:${port}, data in ${dataDir}`);
  return { ...service, url: `postgres://postgres@127.0.0.1:${port}/fluxa` };
}

/**
 * `<stateDir>/pg`; or — when we are root and the `postgres` user cannot reach the state dir
 * (a mode-700 home) — a per-state-dir directory under the temp dir.
 */
export function postgresDataDir(stateDir: string): string {
  const [preferred, fallback] = postgresDataDirs(stateDir);
  const { runAs } = findPostgresBinaries();
  if (!runAs) return preferred;
  const reachable =
    spawnSync('test', ['-x', stateDir], { uid: runAs.uid, gid: runAs.gid }).status === 0;
  return reachable ? preferred : fallback;
}

/** Both places the stack's PostgreSQL data can be (see postgresDataDir), without deciding. */
export function postgresDataDirs(stateDir: string): [string, string] {
  const id = createHash('sha256').update(stateDir).digest('hex').slice(0, 12);
  return [path.join(stateDir, 'pg'), path.join(tmpdir(), `fluxa-local-pg-${id}`)];
}

/**
 * The pid of a PostgreSQL server running on `dataDir`: the one its postmaster.pid names, if
 * that process still runs with this data dir (a stale file's pid may belong to anything now).
 */
function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  return processCommandLine(pid)?.includes(dataDir) ? pid : undefined;
}

/**
 * Stops a PostgreSQL server still running on the stack's data dir that no pid file recorded
 * (its supervisor was killed while the server started): it is the stack's own, by its data
 * dir. Returns whether there was one.
 */
export async function stopUnrecordedPostgres(stateDir: string): Promise<boolean> {
  const pids = postgresDataDirs(stateDir)
    .map(postmasterPid)
    .filter((pid) => pid !== undefined);
  for (const pid of pids) await stopPid(pid, { signal: 'SIGINT' });
  return pids.length > 0;
}

/** Whether a PostgreSQL server runs on one of the stack's data dirs. */
export function postgresRunsOn(stateDir: string): boolean {
  return postgresDataDirs(stateDir).some((dir) => postmasterPid(dir) !== undefined);
}
