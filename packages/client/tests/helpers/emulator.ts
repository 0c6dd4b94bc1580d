import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { stopProcess, waitForMessage } from '@fluxa/local-runtime';

/** The stack's SQS/SNS/S3 emulator in a child process the test starts and stops. */
export interface TestEmulator {
  endpoint: string;
  /** Stops it (its data stays in its directory). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data: queues and messages are as they were. */
  start(): Promise<void>;
}

const stackMain = path.resolve(__dirname, '..', '..', '..', '..', 'local', 'dist', 'main.mjs');

async function spawnEmulator(
  port: number,
  dataDir: string,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    [stackMain, 'emulator', '--port', String(port), '--data-dir', dataDir],
    {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    },
  );
  const listening = await waitForMessage(
    child,
    (message) => {
      const { type, port: bound } = (message ?? {}) as { type?: unknown; port?: unknown };
      return type === 'listening' && typeof bound === 'number' ? bound : undefined;
    },
    { what: 'the emulator', timeoutMs: 30_000 },
  );
  return { child, port: listening };
}

/**
 * Starts the emulator the local stack runs (`local/dist/main.mjs emulator`), persisting to
 * `dataDir`, so a test can take the stack's AWS side away and bring it back.
 */
export async function startTestEmulator(dataDir: string): Promise<TestEmulator> {
  let { child, port } = await spawnEmulator(0, dataDir);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      await stopProcess(child);
    },
    async start() {
      ({ child, port } = await spawnEmulator(port, dataDir));
    },
  };
}
