import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { processStartTime, stopPid } from '@fluxa/local-runtime';
import { ensurePrivateDir, statePaths, writePrivateFile } from './stateDir';

/** The processes a stack starts, in the order they are stopped: the console stops the rest. */
export const processRoles = ['console', 'supervisor', 'poller', 'emulator', 'postgres'] as const;
export type ProcessRole = (typeof processRoles)[number];

/** A running process the stack started, as its pid file records it. */
export interface RecordedProcess {
  role: ProcessRole;
  pid: number;
}

const fileOf = (stateDir: string, role: ProcessRole) =>
  path.join(statePaths(stateDir).pids, `${role}.pid`);

/**
 * Records a process the stack just started in `pids/<role>.pid`: its pid and start time, so
 * that `make local-down` finds it even without stack.json, and a pid the OS later gives to
 * another process is never taken for it.
 */
export function recordProcess(stateDir: string, role: ProcessRole, pid: number | undefined): void {
  const started = pid ? processStartTime(pid) : undefined;
  if (!pid || !started) return; // already gone: nothing to record
  ensurePrivateDir(statePaths(stateDir).pids);
  writePrivateFile(fileOf(stateDir, role), `${JSON.stringify({ pid, started })}\n`);
}

/** Removes the pid file of `role` when it records `pid` (a restarted process has a newer one). */
export function forgetProcess(stateDir: string, role: ProcessRole, pid: number | undefined): void {
  if (readRecord(stateDir, role)?.pid === pid) rmSync(fileOf(stateDir, role), { force: true });
}

/** The recorded processes that are still running, in stop order; stale pid files are removed. */
export function recordedProcesses(stateDir: string): RecordedProcess[] {
  const running: RecordedProcess[] = [];
  for (const role of processRoles) {
    const record = readRecord(stateDir, role);
    if (!record) continue;
    if (processStartTime(record.pid) === record.started) running.push({ role, pid: record.pid });
    else rmSync(fileOf(stateDir, role), { force: true });
  }
  return running;
}

/**
 * Stops every recorded process still running: the console first (it drains the poller and
 * stops the others), then whatever outlived it. Returns what it found running.
 */
export async function stopRecorded(stateDir: string): Promise<RecordedProcess[]> {
  const found = recordedProcesses(stateDir);
  for (const { role } of found) {
    // Re-read: stopping the console (or the supervisor) stops the rest and removes their files.
    const current = recordedProcesses(stateDir).find((p) => p.role === role);
    if (!current) continue;
    await stopPid(current.pid, {
      // SIGINT is PostgreSQL's fast shutdown; SIGTERM lets the others drain.
      signal: role === 'postgres' ? 'SIGINT' : 'SIGTERM',
      killAfterMs: role === 'console' || role === 'supervisor' ? 60_000 : 30_000,
    });
    rmSync(fileOf(stateDir, role), { force: true });
  }
  return found;
}

function readRecord(
  stateDir: string,
  role: ProcessRole,
): { pid: number; started: string } | undefined {
  const file = fileOf(stateDir, role);
  if (!existsSync(file)) return undefined;
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown; started?: unknown };
    if (typeof record.pid === 'number' && typeof record.started === 'string') {
      return { pid: record.pid, started: record.started };
    }
  } catch {
    // Half-written or edited: not a record.
  }
  return undefined;
}
