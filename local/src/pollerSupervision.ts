import type { ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { stopProcess, waitForMessage } from '@fluxa/local-runtime';
import { spawnLocalCommand } from './bundles';
import { messageOf } from './messages';
import { forgetProcess, recordProcess } from './pidFiles';

/** The poller child, kept running like the event source mapping keeps invoking Lambda. */
export interface SupervisedPoller {
  pid(): number | undefined;
  /** Called after each restart (the pid changed). */
  onRestart(listener: () => void): void;
  /** Sends a signal to the current poller (fault drills: SIGKILL mid-batch). */
  kill(signal: NodeJS.Signals): void;
  /** SIGTERM: the poller finishes its batch in flight, then exits; resolves then. */
  stop(): Promise<void>;
}

/** A pause between restarts, so a poller that dies on start does not spin a core. */
const restartPauseMs = 500;

/**
 * The poller's niceness. On AWS the API's functions and the processor never share a CPU; on a
 * laptop they do, and the kernel shares it out per thread: the poller's (its own and a worker
 * per processor container) would outweigh the API server's one, and a backlog being processed
 * would slow every request. Below the API, it works in the CPU the requests leave; the queue
 * holds what it has not reached yet.
 */
const pollerNice = 10;

/** Lowers the new poller's priority before it starts its workers (threads inherit it). */
function lowerPriority(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    setPriority(pid, pollerNice);
  } catch (error) {
    // ESRCH: it already exited, and its exit handler restarts it.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/**
 * Starts the poller child (`main.mjs poller`) with the functions' environment and resolves
 * once it polls; restarts it whenever it dies unexpectedly, and records each one's pid file.
 */
export async function supervisePoller(options: {
  stateDir: string;
  env: NodeJS.ProcessEnv;
  tell: (line: string) => void;
}): Promise<SupervisedPoller> {
  let stopping = false;
  const restartListeners: (() => void)[] = [];
  const launch = (): ChildProcess => {
    const started = spawnLocalCommand('poller', ['--state-dir', options.stateDir], {
      env: options.env,
      output: 'inherit',
    });
    recordProcess(options.stateDir, 'poller', started.pid);
    lowerPriority(started.pid);
    started.once('exit', (code, signal) => {
      forgetProcess(options.stateDir, 'poller', started.pid);
      if (stopping) return;
      options.tell(`the poller exited (${signal ?? code}); restarting it`);
      setTimeout(() => {
        if (stopping) return;
        child = launch();
        for (const listener of restartListeners) listener();
      }, restartPauseMs);
    });
    return started;
  };
  let child = launch();
  try {
    await waitForMessage(child, (m) => messageOf(m, 'polling'), { what: 'the poller' });
  } catch (error) {
    stopping = true;
    await stopProcess(child);
    throw error;
  }
  return {
    pid: () => child.pid,
    onRestart: (listener) => restartListeners.push(listener),
    kill: (signal) => child.kill(signal),
    async stop() {
      stopping = true;
      await stopProcess(child);
    },
  };
}
