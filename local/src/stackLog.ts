import { closeSync, writeSync } from 'node:fs';
import { openPrivateLog, statePaths } from './stateDir';

/**
 * The stack's own log, `logs/stack.log`, written by the supervisor directly rather than
 * through the console: what it says while stopping is kept even when the console is gone.
 */
export interface StackLog {
  /** Appends one line, timestamped. */
  line(text: string): void;
  /** Appends text as it is (another program's log, e.g. PostgreSQL's). */
  raw(text: string): void;
  close(): void;
}

export function openStackLog(stateDir: string): StackLog {
  const fd = openPrivateLog(statePaths(stateDir).stackLog);
  const raw = (text: string) => {
    writeSync(fd, text);
  };
  return {
    line: (text) => raw(`${new Date().toISOString()} ${text}\n`),
    raw,
    close: () => closeSync(fd),
  };
}
