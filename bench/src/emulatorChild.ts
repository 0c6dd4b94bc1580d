import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { AwsEmulator } from '@fluxa/local-runtime';

/**
 * Starts the emulator (`startAwsEmulator`) in a child process running under the
 * same tsx loader as this one, and resolves once it listens. `stop` closes its
 * stdin and waits for it to exit (SIGKILL after 5 s).
 */
export function startEmulatorProcess(timeoutMs = 30_000): Promise<AwsEmulator & { pid: number }> {
  const script = path.join(import.meta.dirname, 'emulatorProcess.ts');
  const child = spawn(process.execPath, [...process.execArgv, script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.stdin?.end();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`emulator did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`emulator process exited with ${code}`));
    });
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      const { endpoint, port } = JSON.parse(line) as { endpoint: string; port: number };
      resolve({ endpoint, port, stop, pid: child.pid ?? -1 });
    });
  });
}
