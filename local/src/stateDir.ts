import { chmodSync, mkdirSync, openSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** What the stack keeps in its state dir (`.local` by default). */
export function statePaths(stateDir: string) {
  const logs = path.join(stateDir, 'logs');
  return {
    /** Where users and tools find the running stack (API URL, key, queues, pids). */
    stackFile: path.join(stateDir, 'stack.json'),
    /** The generated dev key, kept across restarts and resets. */
    devApiKey: path.join(stateDir, 'dev-api-key'),
    /** One file per running process the stack started, removed when it stops. */
    pids: path.join(stateDir, 'pids'),
    logs,
    /** The functions' JSON log lines (requests, batches). */
    functionsLog: path.join(logs, 'functions.log'),
    /** The functions' EMF metric lines, as CloudWatch would receive them. */
    metricsLog: path.join(logs, 'metrics.log'),
    /** What the stack's own processes report: starts, restarts, warnings, PostgreSQL's log. */
    stackLog: path.join(logs, 'stack.log'),
    /** The emulator's SQLite persistence: queues, in-flight messages, objects. */
    emulatorData: path.join(stateDir, 'emulator'),
  };
}

/** Creates `dir` (and its parents) readable by its owner only. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/**
 * Opens `file` for appending, mode 0600 even when it existed with another mode: the stack's
 * files may hold an API key or a database URL.
 */
export function openPrivateLog(file: string): number {
  ensurePrivateDir(path.dirname(file));
  const fd = openSync(file, 'a', 0o600);
  chmodSync(file, 0o600);
  return fd;
}

/** Writes `file` atomically (readers never see half a file), mode 0600. */
export function writePrivateFile(file: string, text: string): void {
  const staging = `${file}.${process.pid}.tmp`;
  writeFileSync(staging, text, { mode: 0o600 });
  renameSync(staging, file);
}
