import { existsSync, readFileSync, rmSync } from 'node:fs';
import { type LocalStack, validateLocalStack } from '@fluxa/models';
import { statePaths, writePrivateFile } from './stateDir';

/** `.local/stack.json`: how users and tools find a running stack. */
export function stackFile(stateDir: string): string {
  return statePaths(stateDir).stackFile;
}

/** Writes stack.json atomically, mode 0600 (it holds the API key and the database URL). */
export function writeStackInfo(stateDir: string, info: LocalStack): void {
  writePrivateFile(stackFile(stateDir), `${JSON.stringify(info, null, 2)}\n`);
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

/** Removes stack.json: the stack is no longer there to be found. */
export function removeStackInfo(stateDir: string): void {
  rmSync(stackFile(stateDir), { force: true });
}
