import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { stopProcess, waitForMessage } from '@fluxa/local-runtime';
import { banner } from './banner';
import { spawnLocalCommand } from './bundles';
import { messageOf, type StackMessage, tellParent } from './messages';
import type { StackOptions } from './options';
import { routeSupervisorOutput } from './outputRouting';
import { forgetProcess, recordedProcesses, recordProcess, stopRecorded } from './pidFiles';
import { listenForStop, type StopRequest, surviveClosedOutput } from './signals';
import { statePaths } from './stateDir';
import { removeStackInfo } from './stateFile';

/** How long a start may take before the console gives up on it (first runs initialise PostgreSQL). */
const startTimeoutMs = 180_000;

/**
 * `main.mjs run` (`make local`): the process the terminal sees. It starts the supervisor in a
 * process group of its own with its output routed to log files, prints the banner once the
 * stack serves — or the one line of a failed start — and on Ctrl-C (SIGINT/SIGTERM) stops the
 * supervisor, makes sure nothing it recorded outlives it, and says so in one line. Launched by
 * `make local-up` or `startLocalStack`, it also reports ready/failed to its parent over IPC,
 * and stops when that parent goes away without having detached.
 */
export async function runConsole(options: StackOptions, argv: string[]): Promise<number> {
  const paths = statePaths(options.stateDir);
  const out = (line: string) => process.stdout.write(`${line}\n`);
  const fail = (line: string) => {
    process.stderr.write(`local: ${line}\n`);
    tellParent({ type: 'failed', line });
    return 1;
  };
  mkdirSync(options.stateDir, { recursive: true });
  const owner = recordedProcesses(options.stateDir).find((p) => p.role === 'console');
  if (owner) {
    return fail(
      `a local stack already runs from ${options.stateDir} (pid ${owner.pid}): make local-down stops it`,
    );
  }
  await stopRecorded(options.stateDir); // leftovers of a stack whose console was killed
  recordProcess(options.stateDir, 'console', process.pid);
  const stop = listenForStop({ parentGone: false });
  surviveClosedOutput();
  followParent(stop);
  if (process.stdout.isTTY) out(`Starting the Fluxa local stack (state in ${options.stateDir}) …`);
  const supervisor = spawnLocalCommand('supervise', [...argv, '--state-dir', options.stateDir], {
    output: 'pipe',
  });
  recordProcess(options.stateDir, 'supervisor', supervisor.pid);
  const routed = routeSupervisorOutput(supervisor, options);
  supervisor.on('message', (message) => {
    const note = messageOf(message, 'note');
    if (note) process.stderr.write(`local: ${note.line}\n`);
  });
  const outcome = await Promise.race([
    startOutcome(supervisor),
    stop.promise.then(() => undefined),
  ]);
  if (outcome?.type === 'ready') {
    out(banner(outcome.info, options));
    out('Ctrl-C drains in-flight batches and stops everything.');
    tellParent(outcome);
    await Promise.race([stop.promise, exitOf(supervisor)]);
  }
  await stopProcess(supervisor, { killAfterMs: 60_000 });
  await routed;
  forgetProcess(options.stateDir, 'console', process.pid);
  await stopRecorded(options.stateDir); // whatever a crashed supervisor could not stop
  removeStackInfo(options.stateDir);
  if (outcome?.type === 'failed') return fail(outcome.line);
  if (!stop.requested) {
    const exit = supervisor.signalCode ?? supervisor.exitCode;
    return fail(
      outcome?.type === 'ready'
        ? `the stack stopped unexpectedly (its supervisor exited: ${exit}); see ${paths.stackLog}`
        : `the stack did not start: its supervisor exited (${exit}); see ${paths.stackLog}`,
    );
  }
  out('local stack stopped');
  return 0;
}

/** The supervisor's ready or failed report, or undefined when it exited (or hung) first. */
async function startOutcome(
  supervisor: ChildProcess,
): Promise<Extract<StackMessage, { type: 'ready' | 'failed' }> | undefined> {
  return waitForMessage(
    supervisor,
    (message) => messageOf(message, 'ready') ?? messageOf(message, 'failed'),
    { timeoutMs: startTimeoutMs, what: 'the stack' },
  ).catch(() => undefined);
}

function exitOf(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** With a parent on IPC: stop when it goes away, unless it sent `detach` first (make local-up). */
function followParent(stop: StopRequest): void {
  if (!process.connected) return;
  let detached = false;
  process.on('message', (message) => {
    if (messageOf(message, 'detach')) detached = true;
  });
  process.once('disconnect', () => {
    if (!detached) stop.request('disconnect');
  });
}
