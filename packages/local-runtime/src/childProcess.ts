import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

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
 * Polls `check` until it returns something truthy and returns it; throws after `timeoutMs`
 * with `what` in the message. For readiness that no line announces (a port, a file).
 */
export async function waitUntil<T>(
  check: () => Promise<T> | T,
  options: { timeoutMs: number; intervalMs?: number; what: string },
): Promise<NonNullable<T>> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() >= deadline)
      throw new Error(`${options.what}: not within ${options.timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
}
