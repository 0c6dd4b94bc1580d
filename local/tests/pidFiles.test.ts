import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isRunning, stopProcess } from '@fluxa/local-runtime';
import { recordedProcesses, recordProcess, stopRecorded } from '../src/pidFiles';
import { newStateDir, removeStateDir } from './helpers/localCommand';

const children: ChildProcess[] = [];
const stateDirs: string[] = [];

/** A process that only waits, standing in for one of the stack's. */
function idle(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)']);
  children.push(child);
  return child;
}

afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => stopProcess(child)));
  for (const dir of stateDirs.splice(0)) removeStateDir(dir);
});

describe('pid files', () => {
  it('name a recorded process for as long as it runs, and lead to stopping it', async () => {
    // Prepare
    const stateDir = newStateDir('pid-files');
    stateDirs.push(stateDir);
    const child = idle();
    recordProcess(stateDir, 'poller', child.pid);
    const exited = new Promise((resolve) => child.once('exit', resolve));

    // Act
    const recorded = recordedProcesses(stateDir);
    await stopRecorded(stateDir);
    await exited;

    // Assess
    expect(recorded).toEqual([{ role: 'poller', pid: child.pid }]);
    expect(child.signalCode).toBe('SIGTERM');
    expect(recordedProcesses(stateDir)).toEqual([]);
  });

  it('never take a process that got a recorded pid later for the recorded one, nor stop it', async () => {
    // Prepare: another start time, as when the OS gave the pid to another process.
    const stateDir = newStateDir('pid-reused');
    stateDirs.push(stateDir);
    const stranger = idle();
    recordProcess(stateDir, 'postgres', stranger.pid);
    const file = path.join(stateDir, 'pids', 'postgres.pid');
    const record = JSON.parse(readFileSync(file, 'utf8')) as { pid: number; started: string };
    writeFileSync(file, JSON.stringify({ ...record, started: `${record.started}0` }));

    // Act
    const recorded = recordedProcesses(stateDir);
    await stopRecorded(stateDir);

    // Assess
    expect(recorded).toEqual([]);
    expect(isRunning(stranger.pid)).toBe(true);
  });
});
