import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { StackInfo } from './stackInfo';

/** `.local/stack.json`: how users and tools find a running stack. */
export function stackFile(stateDir: string): string {
  return path.join(stateDir, 'stack.json');
}

/** Writes stack.json atomically (readers never see half a file). */
export function writeStackInfo(stateDir: string, info: StackInfo): void {
  const target = stackFile(stateDir);
  writeFileSync(`${target}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${target}.tmp`, target);
}

/** The stack.json of stateDir, or undefined when there is none. */
export function readStackInfo(stateDir: string): StackInfo | undefined {
  const file = stackFile(stateDir);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as StackInfo;
}

export function removeStackInfo(stateDir: string): void {
  rmSync(stackFile(stateDir), { force: true });
}

/** True when a process with this pid exists. */
export function isAlive(pid: number | undefined): boolean {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
