import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  hasExited,
  isRunning,
  processCommandLine,
  processStartTime,
  stopPid,
  stopProcess,
  WaitTimeoutError,
  waitForLine,
  waitForMessage,
  waitUntil,
} from '../src';

/** A node child running `script`; stdin, stdout and stderr piped, plus an IPC channel. */
const node = (script: string): ChildProcess =>
  spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });

const children: ChildProcess[] = [];
const started = (script: string) => {
  const child = node(script);
  children.push(child);
  return child;
};

afterEach(() => {
  for (const child of children.splice(0)) if (!hasExited(child)) child.kill('SIGKILL');
});

/** A child that announces itself, then stays until it is signalled. */
const idle = "console.log('READY'); setInterval(() => {}, 1000);";
/** A child that ignores SIGTERM: only SIGKILL ends it. */
const stubborn =
  "process.on('SIGTERM', () => {}); console.log('READY'); setInterval(() => {}, 1000);";

describe('stopProcess', () => {
  it('sends SIGTERM and resolves once the child exited', async () => {
    // Prepare
    const child = started(idle);
    await waitForLine(child, 'READY');

    // Act
    await stopProcess(child);

    // Assess
    expect(child.signalCode).toBe('SIGTERM');
    expect(hasExited(child)).toBe(true);
  });

  it('kills a child that ignores SIGTERM with SIGKILL after killAfterMs', async () => {
    // Prepare
    const child = started(stubborn);
    await waitForLine(child, 'READY');

    // Act
    await stopProcess(child, { killAfterMs: 50 });

    // Assess
    expect(child.signalCode).toBe('SIGKILL');
  });

  it('resolves at once for a child that has already exited', async () => {
    // Prepare
    const child = started('');
    await once(child, 'exit');

    // Act
    await stopProcess(child);

    // Assess
    expect(child.exitCode).toBe(0);
  });
});

describe('stopPid', () => {
  it('stops a process known only by its pid, with SIGKILL when it ignores SIGTERM', async () => {
    // Prepare
    const child = started(stubborn);
    await waitForLine(child, 'READY');
    const exited = once(child, 'exit');

    // Act
    await stopPid(child.pid ?? -1, { killAfterMs: 50 });

    // Assess
    await exited;
    expect(child.signalCode).toBe('SIGKILL');
  });
});

describe('isRunning', () => {
  it('is true for a live process and false once it exited and was reaped', async () => {
    // Prepare
    const child = started(idle);
    await waitForLine(child, 'READY');
    const running = isRunning(child.pid);

    // Act
    await stopProcess(child);

    // Assess
    expect(running).toBe(true);
    expect(isRunning(child.pid)).toBe(false);
  });

  it('is false for no pid and for pids that cannot name a process', () => {
    // Act
    const answers = [undefined, 0, -1].map((pid) => isRunning(pid));

    // Assess
    expect(answers).toEqual([false, false, false]);
  });

  if (process.platform === 'linux') {
    it('is false for a child that exited but was not reaped yet (a zombie)', async () => {
      // Prepare: a parent that forks a child which exits at once, and never reaps it (a shell
      // may reap its background job before it execs, so perl: it reaps only when asked)
      const shell = spawn(
        'perl',
        ['-e', '$| = 1; my $pid = fork; exit 0 if $pid == 0; print "$pid\n"; sleep 30'],
        { stdio: ['ignore', 'pipe', 'ignore'] },
      );
      children.push(shell);
      const [line] = (await once(shell.stdout, 'data')) as [Buffer];
      const zombie = Number(line.toString().trim());

      // Act
      await waitUntil(() => !isRunning(zombie), {
        timeoutMs: 5_000,
        intervalMs: 10,
        what: 'the zombie',
      });

      // Assess: the pid still exists (signal 0 reaches it) while isRunning says no
      expect(() => process.kill(zombie, 0)).not.toThrow();
    });
  }
});

describe('processStartTime', () => {
  it('is the same for the same process, differs for another one, and is undefined once it exited', async () => {
    // Prepare
    const first = started(idle);
    const second = started(idle);
    await Promise.all([waitForLine(first, 'READY'), waitForLine(second, 'READY')]);

    // Act
    const firstTimes = [processStartTime(first.pid ?? -1), processStartTime(first.pid ?? -1)];
    const own = processStartTime(process.pid);
    await stopProcess(first);

    // Assess
    expect(firstTimes[0]).toBeDefined();
    expect(firstTimes[1]).toBe(firstTimes[0]);
    expect(own).not.toBe(firstTimes[0]);
    expect(processStartTime(first.pid ?? -1)).toBeUndefined();
  });
});

describe('processCommandLine', () => {
  it('is the command line of a running process and undefined once it exited', async () => {
    // Prepare
    const child = started(`${idle} // marker-4711`);
    await waitForLine(child, 'READY');

    // Act
    const commandLine = processCommandLine(child.pid ?? -1);
    await stopProcess(child);

    // Assess
    expect(commandLine).toContain('marker-4711');
    expect(processCommandLine(child.pid ?? -1)).toBeUndefined();
  });
});

describe('waitForLine', () => {
  it('resolves with the rest of the first stdout line that starts with the marker', async () => {
    // Prepare
    const child = started("console.log('noise'); console.log('PORT 8123'); console.log('PORT 9');");
    const seen: string[] = [];

    // Act
    const rest = await waitForLine(child, 'PORT ', { onLine: (line) => seen.push(line) });

    // Assess
    expect(rest).toBe('8123');
    expect(seen).toEqual(['noise']);
  });

  it('rejects with the child’s last output when it exits before the marker', async () => {
    // Prepare
    const child = started("console.error('no database'); process.exit(3);");

    // Act
    const waiting = waitForLine(child, 'READY');

    // Assess
    await expect(waiting).rejects.toThrow(
      /exited \(3\) before it was ready; its last output:\nno database/,
    );
  });
});

describe('waitForMessage', () => {
  it('resolves with the first IPC message that the filter accepts', async () => {
    // Prepare
    const child = started(
      "process.send({ type: 'note' }); process.send({ type: 'ready', port: 7 }); setInterval(() => {}, 1000);",
    );

    // Act
    const ready = await waitForMessage(child, (message) =>
      (message as { type?: string }).type === 'ready' ? message : undefined,
    );

    // Assess
    expect(ready).toEqual({ type: 'ready', port: 7 });
  });

  it('rejects when the child exits before sending such a message', async () => {
    // Prepare
    const child = started('process.exit(4);');

    // Act
    const waiting = waitForMessage(child, () => undefined, { what: 'the stack' });

    // Assess
    await expect(waiting).rejects.toThrow('the stack exited (4) before it was ready');
  });

  it('rejects with a WaitTimeoutError when no accepted message comes in time', async () => {
    // Prepare
    const child = started(idle);

    // Act
    const waiting = waitForMessage(child, () => undefined, { timeoutMs: 20 });

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(WaitTimeoutError);
  });
});
