import { spawn } from 'node:child_process';
import path from 'node:path';
import { type AwsEmulator, stopProcess, waitForLine } from '@fluxa/local-runtime';

/** What emulatorProcess.ts prints once it listens, followed by `{ endpoint, port }` as JSON. */
export const emulatorReadyMarker = 'FLUXA_BENCH_EMULATOR_READY ';

/**
 * Starts the emulator (`startAwsEmulator`) in a child process running under the
 * same tsx loader as this one, and resolves once it listens. `stop` sends
 * SIGTERM and waits for the exit (SIGKILL after 5 s). The child's stdin is a
 * pipe from this process: should this process die without stopping it, the
 * pipe closes and the child stops too.
 */
export async function startEmulatorProcess(
  timeoutMs = 30_000,
): Promise<AwsEmulator & { pid: number }> {
  const script = path.join(import.meta.dirname, 'emulatorProcess.ts');
  const child = spawn(process.execPath, [...process.execArgv, script], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const stop = () => stopProcess(child, { killAfterMs: 5_000 });
  try {
    const ready = await waitForLine(child, emulatorReadyMarker, { timeoutMs });
    const { endpoint, port } = JSON.parse(ready) as { endpoint: string; port: number };
    return { endpoint, port, stop, pid: child.pid ?? -1 };
  } catch (error) {
    await stop();
    throw error;
  }
}
