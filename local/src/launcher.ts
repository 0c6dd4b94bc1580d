import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { LocalStack } from '@fluxa/models';

/** The line `run` prints once the stack answers, followed by its LocalStack as JSON. */
export const readyMarker = 'FLUXA_STACK_READY ';

export interface LaunchOptions {
  /** State directory (stack.json, data); a fresh temp dir in tests. */
  stateDir: string;
  /** Ports; 0 (the default here) picks free ones. */
  apiPort?: number;
  controlPort?: number;
  emulatorPort?: number;
  pgPort?: number;
  databaseUrl?: string;
  emulatorEndpoint?: string;
  apiKeys?: string[];
  batchSize?: number;
  batchingWindowMs?: number;
  visibilityTimeoutSeconds?: number;
  env?: Record<string, string>;
  /** Where the stack's own output goes (default: discarded). */
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
 * Starts a whole local stack in a child process (`local/dist/main.mjs run`),
 * exactly as `make local` does, and resolves once it serves requests.
 */
export function startLocalStack(options: LaunchOptions): Promise<RunningStack> {
  const flag = (name: string, value: number | string | undefined) =>
    value === undefined ? [] : [`--${name}`, String(value)];
  const args = [
    mainBundle(),
    'run',
    ...flag('state-dir', options.stateDir),
    ...flag('api-port', options.apiPort ?? 0),
    ...flag('control-port', options.controlPort ?? 0),
    ...flag('emulator-port', options.emulatorPort ?? 0),
    ...flag('pg-port', options.pgPort ?? 0),
    ...flag('database-url', options.databaseUrl),
    ...flag('emulator-endpoint', options.emulatorEndpoint),
    ...flag('api-keys', options.apiKeys?.join(',')),
    ...flag('batch-size', options.batchSize),
    ...flag('batching-window-ms', options.batchingWindowMs),
    ...flag('visibility-timeout', options.visibilityTimeoutSeconds),
  ];
  const child = spawn(process.execPath, args, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`local stack did not start in time:\n${output.slice(-30).join('\n')}`));
    }, options.timeoutMs ?? 90_000);
    const onLine = (line: string) => {
      output.push(line);
      options.onOutput?.(line);
      if (line.startsWith(readyMarker)) {
        clearTimeout(timer);
        resolve({
          info: JSON.parse(line.slice(readyMarker.length)) as LocalStack,
          process: child,
          stop,
        });
      }
    };
    createInterface({ input: child.stdout }).on('line', onLine);
    createInterface({ input: child.stderr }).on('line', (line) => {
      output.push(line);
      options.onOutput?.(line);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(
        new Error(
          `local stack exited (${signal ?? code}) before it was ready:\n${output.slice(-30).join('\n')}`,
        ),
      );
    });
  });
}
