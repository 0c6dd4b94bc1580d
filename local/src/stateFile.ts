import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalStack, validateLocalStack } from '@fluxa/models';

/** `.local/stack.json`: how users and tools find a running stack. */
export function stackFile(stateDir: string): string {
  return path.join(stateDir, 'stack.json');
}

/** Writes stack.json atomically (readers never see half a file). */
export function writeStackInfo(stateDir: string, info: LocalStack): void {
  const target = stackFile(stateDir);
  writeFileSync(`${target}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${target}.tmp`, target);
}

/** The stack.json of stateDir, or undefined when there is none or it is not a stack file. */
export function readStackInfo(stateDir: string): LocalStack | undefined {
  const file = stackFile(stateDir);
  if (!existsSync(file)) return undefined;
  try {
    const checked = validateLocalStack(JSON.parse(readFileSync(file, 'utf8')));
    return checked.ok ? checked.value : undefined;
  } catch {
    return undefined; // half-written by a crash, or edited: not a running stack's file
  }
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
