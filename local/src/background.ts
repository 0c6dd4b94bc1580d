import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LocalStack } from '@fluxa/models';
import type { StackOptions } from './options';
import { isAlive, readStackInfo, removeStackInfo } from './stateFile';

/** The running stack of this state dir, if its supervisor is alive. */
export function runningStack(stateDir: string): LocalStack | undefined {
  const info = readStackInfo(stateDir);
  return info && isAlive(info.pids.supervisor) ? info : undefined;
}

/**
 * `make local-up`: starts `run` detached, output to `<stateDir>/stack.log`, and
 * waits until it wrote stack.json. Returns the running stack's info.
 */
export async function stackUp(options: StackOptions, argv: string[]): Promise<LocalStack> {
  const existing = runningStack(options.stateDir);
  if (existing) return existing;
  mkdirSync(options.stateDir, { recursive: true });
  const logFile = path.join(options.stateDir, 'stack.log');
  // The log holds the banner with the API key: readable by its owner only.
  const out = openSync(logFile, 'a', 0o600);
  chmodSync(logFile, 0o600);
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'run', ...argv], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const info = readStackInfo(options.stateDir);
    if (info && info.pids.supervisor === child.pid) return info;
    if (!isAlive(child.pid)) break;
    await sleep(250);
  }
  const tail = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  throw new Error(`the local stack did not start; last lines of ${logFile}:\n${tail}`);
}

/**
 * `make local-down`: SIGTERM to the supervisor (it drains and stops its
 * children), then makes sure no recorded process outlives it.
 */
export async function stackDown(stateDir: string): Promise<boolean> {
  const info = readStackInfo(stateDir);
  if (!info) return false;
  const supervisor = info.pids.supervisor;
  if (isAlive(supervisor)) process.kill(supervisor as number, 'SIGTERM');
  await waitUntilGone([supervisor], 60_000);
  const leftovers = Object.values(info.pids).filter((pid) => isAlive(pid));
  for (const pid of leftovers) process.kill(pid, 'SIGTERM');
  await waitUntilGone(leftovers, 10_000);
  for (const pid of leftovers.filter((p) => isAlive(p))) process.kill(pid, 'SIGKILL');
  removeStackInfo(stateDir);
  return true;
}

async function waitUntilGone(pids: (number | undefined)[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some((pid) => isAlive(pid)) && Date.now() < deadline) await sleep(100);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
