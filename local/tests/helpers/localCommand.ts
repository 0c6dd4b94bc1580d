import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const mainScript = path.resolve(__dirname, '..', '..', 'dist', 'main.mjs');

/** What a local command printed, and how it exited. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node local/dist/main.mjs <args>` as `make local*` does, until it exits. */
export function runLocal(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandResult> {
  return runCommand(process.execPath, [mainScript, ...args], { env: { ...process.env, ...env } });
}

/** Runs a command to its end, collecting what it printed. */
export function runCommand(
  command: string,
  args: string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string },
): Promise<CommandResult> {
  const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * A fresh state dir under the temp dir that the `postgres` user can reach (as root the
 * stack's PostgreSQL runs as that user), so its data dir — and every process of the stack
 * — names this directory.
 */
export function newStateDir(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `fluxa-${name}-`));
  chmodSync(dir, 0o755);
  return dir;
}

/** Removes a state dir newStateDir made, data and logs included. */
export function removeStateDir(dir: string | undefined): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** The processes whose command line mentions `text` (pid and command line, as ps shows them). */
export function processesMentioning(text: string): string[] {
  const table = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return table
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes(text));
}

/** Whether something accepts TCP connections on 127.0.0.1:`port`. */
export function accepting(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
