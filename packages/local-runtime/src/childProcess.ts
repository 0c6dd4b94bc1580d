import { type ChildProcess, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { processStat } from './processStat';
import { WaitTimeoutError, waitUntil } from './waitUntil';

/** Whether the process has already exited (by code or by signal). */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/**
 * Sends `signal` (SIGTERM by default: drain and stop) and resolves once the process exited;
 * after `killAfterMs` it is killed with SIGKILL, so a hung child never outlives its owner.
 */
export function stopProcess(
  child: ChildProcess,
  options: { signal?: NodeJS.Signals; killAfterMs?: number } = {},
): Promise<void> {
  if (hasExited(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 30_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(options.signal ?? 'SIGTERM');
  });
}

/**
 * `stopProcess` for a process that is not our child (found in a pid file): sends `signal`,
 * waits until it is gone, and kills it with SIGKILL after `killAfterMs`.
 */
export async function stopPid(
  pid: number,
  options: { signal?: NodeJS.Signals; killAfterMs?: number } = {},
): Promise<void> {
  const gone = () => !isRunning(pid);
  if (gone()) return;
  const send = (signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal);
    } catch {
      // Exited between the check and the signal.
    }
  };
  send(options.signal ?? 'SIGTERM');
  const what = `process ${pid} to exit`;
  try {
    await waitUntil(gone, { timeoutMs: options.killAfterMs ?? 30_000, intervalMs: 50, what });
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
    send('SIGKILL');
    await waitUntil(gone, { timeoutMs: 10_000, intervalMs: 50, what });
  }
}

/** True while a process with this pid exists and is not a zombie (exited, not yet reaped). */
export function isRunning(pid: number | undefined): boolean {
  if (!pid || pid < 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return processStat(pid)?.state !== 'Z';
}

/**
 * When the process started, as an opaque string, or undefined when it is not running. A pid
 * the OS reused for another process has another start time: recorded together, pid and start
 * time name one process, so a pid file never leads to stopping a stranger.
 */
export function processStartTime(pid: number): string | undefined {
  if (!isRunning(pid)) return undefined;
  const stat = processStat(pid);
  if (stat) return stat.startTicks;
  const ps = spawnSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8' });
  const started = ps.status === 0 ? ps.stdout.trim() : '';
  return started || undefined;
}

/** The process's command line, arguments joined by spaces, or undefined when it is not running. */
export function processCommandLine(pid: number): string | undefined {
  if (!isRunning(pid)) return undefined;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    const ps = spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.status === 0 ? ps.stdout.trim() : undefined;
  }
}

/**
 * Resolves with the rest of the first line of the child's stdout that starts with `marker`
 * (a readiness announcement, e.g. the port it listens on). Rejects when the child exits
 * first or after `timeoutMs`, with the last lines it wrote; `onLine` sees every line.
 */
export function waitForLine(
  child: ChildProcess,
  marker: string,
  options: { timeoutMs?: number; onLine?: (line: string) => void } = {},
): Promise<string> {
  const recent: string[] = [];
  const remember = (line: string) => {
    recent.push(line);
    if (recent.length > 30) recent.shift();
    options.onLine?.(line);
  };
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      reject(
        new Error(`${why}${recent.length > 0 ? `; its last output:\n${recent.join('\n')}` : ''}`),
      );
    };
    const timer = setTimeout(
      () => fail(`not ready within ${options.timeoutMs ?? 90_000} ms`),
      options.timeoutMs ?? 90_000,
    );
    if (child.stderr) createInterface({ input: child.stderr }).on('line', remember);
    if (child.stdout) {
      createInterface({ input: child.stdout }).on('line', (line) => {
        if (line.startsWith(marker)) {
          clearTimeout(timer);
          resolve(line.slice(marker.length));
        } else remember(line);
      });
    }
    child.once('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`));
  });
}

/**
 * Resolves with the first IPC message of the child that `accept` maps to something defined
 * (a readiness announcement on the child's IPC channel, away from its output). Rejects when
 * the child exits first or after `timeoutMs`.
 */
export function waitForMessage<T>(
  child: ChildProcess,
  accept: (message: unknown) => T | undefined,
  options: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const what = options.what ?? 'the child process';
  return new Promise((resolve, reject) => {
    const settle = (error?: Error, value?: T) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (error) reject(error);
      else resolve(value as T);
    };
    const onMessage = (message: unknown) => {
      const value = accept(message);
      if (value !== undefined) settle(undefined, value);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) =>
      settle(new Error(`${what} exited (${signal ?? code}) before it was ready`));
    const timeoutMs = options.timeoutMs ?? 90_000;
    const timer = setTimeout(
      () => settle(new WaitTimeoutError(`${what}: not ready within ${timeoutMs} ms`)),
      timeoutMs,
    );
    child.on('message', onMessage);
    child.once('exit', onExit);
    if (hasExited(child)) onExit(child.exitCode, child.signalCode);
  });
}
