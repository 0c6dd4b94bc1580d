import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { stopProcess, waitForMessage } from '@fluxa/local-runtime';
import type { LocalStack } from '@fluxa/models';
import { messageOf } from './messages';

export interface LaunchOptions {
  /** State directory (stack.json, data, logs); a fresh temp dir in tests. */
  stateDir: string;
  /** Ports; 0 (the default here) picks free ones. */
  apiPort?: number;
  /**
   * Starts the stack's fault-control server on this port (0: a free one), at
   * `info.control_url`: `POST /poller/kill`, `/postgres/stop`, `/postgres/start`,
   * `/emulator/stop`, `/emulator/start`, `GET /status`. Without it the stack has none.
   */
  controlPort?: number;
  emulatorPort?: number;
  pgPort?: number;
  databaseUrl?: string;
  emulatorEndpoint?: string;
  apiKeys?: string[];
  batchSize?: number;
  batchingWindowMs?: number;
  pollerConcurrency?: number;
  visibilityTimeoutSeconds?: number;
  env?: Record<string, string>;
  /** Sees each line the stack prints (its banner, notes); the functions' logs go to its log files. */
  onOutput?: (line: string) => void;
  timeoutMs?: number;
}

export interface RunningStack {
  info: LocalStack;
  process: ChildProcess;
  /** SIGTERM (drain, then stop every service); resolves when the stack exited. */
  stop(): Promise<void>;
}

/** local/dist/main.mjs: beside this file under CommonJS, else found upwards from the working directory. */
function mainBundle(): string {
  if (typeof __dirname === 'string') return path.resolve(__dirname, '..', 'dist', 'main.mjs');
  for (let dir = process.cwd(); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'local', 'dist', 'main.mjs');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('local/dist/main.mjs not found: run make build');
}

/**
 * Starts a whole local stack in a child process (`local/dist/main.mjs run`), exactly as
 * `make local` does, and resolves once it serves requests — the stack says so over IPC. A
 * failed start rejects with its one line, after the stack stopped what it had started; the
 * stack stops by itself if this process goes away.
 */
export async function startLocalStack(options: LaunchOptions): Promise<RunningStack> {
  const flag = (name: string, value: number | string | undefined) =>
    value === undefined ? [] : [`--${name}`, String(value)];
  const args = [
    mainBundle(),
    'run',
    ...flag('state-dir', options.stateDir),
    ...flag('api-port', options.apiPort ?? 0),
    ...flag('control-port', options.controlPort),
    ...flag('emulator-port', options.emulatorPort ?? 0),
    ...flag('pg-port', options.pgPort ?? 0),
    ...flag('database-url', options.databaseUrl),
    ...flag('emulator-endpoint', options.emulatorEndpoint),
    ...flag('api-keys', options.apiKeys?.join(',')),
    ...flag('batch-size', options.batchSize),
    ...flag('batching-window-ms', options.batchingWindowMs),
    ...flag('poller-concurrency', options.pollerConcurrency),
    ...flag('visibility-timeout', options.visibilityTimeoutSeconds),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const onLine = (line: string) => options.onOutput?.(line);
  for (const output of [child.stdout, child.stderr]) {
    if (output) createInterface({ input: output }).on('line', onLine);
  }
  const stop = () => stopProcess(child, { killAfterMs: 60_000 });
  const outcome = await waitForMessage(
    child,
    (message) => messageOf(message, 'ready') ?? messageOf(message, 'failed'),
    { timeoutMs: options.timeoutMs ?? 90_000, what: 'the local stack' },
  ).catch(async (error: Error) => {
    await stop();
    throw error;
  });
  if (outcome.type === 'failed') {
    await stop();
    throw new Error(`the local stack did not start: ${outcome.line}`);
  }
  return { info: outcome.info, process: child, stop };
}
