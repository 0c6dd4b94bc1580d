import { spawn } from 'node:child_process';
import { closeSync, mkdirSync } from 'node:fs';
import { stopProcess, waitForMessage } from '@fluxa/local-runtime';
import type { LocalStack } from '@fluxa/models';
import { mainScript } from './bundles';
import { messageOf } from './messages';
import type { StackOptions } from './options';
import { recordedProcesses, stopRecorded } from './pidFiles';
import { stopUnrecordedPostgres } from './postgres';
import { LocalStackError } from './stackErrors';
import { openPrivateLog, statePaths } from './stateDir';
import { readStackInfo, removeStackInfo } from './stateFile';

/** The stack running from this state dir — its recorded console runs — if any. */
export function runningStack(stateDir: string): LocalStack | undefined {
  const running = recordedProcesses(stateDir).some((p) => p.role === 'console');
  return running ? readStackInfo(stateDir) : undefined;
}

/**
 * `make local-up`: starts the console (`run`) detached, its output appended to
 * `logs/stack.log`, and resolves with the stack once it serves; a failed start rejects with
 * its one line, after the console stopped whatever it had started.
 */
export async function stackUp(
  options: StackOptions,
  argv: string[],
): Promise<{ info: LocalStack; alreadyRunning: boolean }> {
  const existing = runningStack(options.stateDir);
  if (existing) return { info: existing, alreadyRunning: true };
  mkdirSync(options.stateDir, { recursive: true });
  const log = openPrivateLog(statePaths(options.stateDir).stackLog);
  const stackConsole = spawn(process.execPath, [mainScript, 'run', ...argv], {
    detached: true,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const outcome = await waitForMessage(
    stackConsole,
    (message) => messageOf(message, 'ready') ?? messageOf(message, 'failed'),
    { timeoutMs: 240_000, what: 'the local stack' },
  ).catch(async (error: Error) => {
    await stopProcess(stackConsole, { killAfterMs: 60_000 });
    return { type: 'failed' as const, line: error.message };
  });
  if (outcome.type === 'failed') throw new LocalStackError('START_FAILED', outcome.line);
  stackConsole.send({ type: 'detach' });
  stackConsole.disconnect();
  stackConsole.unref();
  return { info: outcome.info, alreadyRunning: false };
}

/**
 * `make local-down`: stops every process the stack recorded — the console first, which
 * drains and stops the rest — and a PostgreSQL still running on the stack's data dir; works
 * without stack.json. Returns whether anything was running.
 */
export async function stackDown(stateDir: string): Promise<boolean> {
  const stopped = await stopRecorded(stateDir);
  const orphan = await stopUnrecordedPostgres(stateDir);
  removeStackInfo(stateDir);
  return stopped.length > 0 || orphan;
}
