import { rmSync } from 'node:fs';
import { recordedProcesses } from './pidFiles';
import { postgresDataDirs, postgresRunsOn } from './postgres';
import { LocalStackError } from './stackErrors';
import { statePaths } from './stateDir';

/**
 * `make local-reset`: removes the stack's data — PostgreSQL's cluster, the emulator's queues
 * and objects, the logs — and keeps the dev API key. Refuses while anything of the stack
 * runs: deleting a live database's files under it would corrupt it, and stopping a stack
 * someone is using is `make local-down`'s decision, not a reset's.
 */
export function resetStack(stateDir: string): void {
  const running = recordedProcesses(stateDir);
  if (running.length > 0 || postgresRunsOn(stateDir)) {
    throw new LocalStackError(
      'STACK_RUNNING',
      `the local stack in ${stateDir} is running: stop it with make local-down, then reset`,
    );
  }
  const paths = statePaths(stateDir);
  const data = [...postgresDataDirs(stateDir), paths.emulatorData, paths.logs, paths.pids];
  for (const dir of data) rmSync(dir, { recursive: true, force: true });
  rmSync(paths.stackFile, { force: true });
}
