import { type ChildProcess, spawn } from 'node:child_process';
import { cpuOfTrees, hasExited, waitForLine } from '../src';
import { processStat } from '../src/processStat';

/** Spends at least `ms` of CPU time (not wall time) in this process. */
function burnCpu(ms: number): void {
  const start = process.cpuUsage();
  let spent = 0;
  while (spent < ms * 1000) {
    const used = process.cpuUsage(start);
    spent = used.user + used.system;
  }
}

/** A node child that spends 300 ms of CPU, says DONE, then idles until it is killed. */
const burner = `
  const start = process.cpuUsage();
  for (;;) { const u = process.cpuUsage(start); if (u.user + u.system >= 300000) break; }
  console.log('DONE');
  setInterval(() => {}, 1000);
`;

let child: ChildProcess | undefined;
afterEach(() => {
  if (child && !hasExited(child)) child.kill('SIGKILL');
});

describe('processStat', () => {
  it("reads this process's state and parent", () => {
    // Act
    const stat = processStat(process.pid);

    // Assess
    expect(stat?.ppid).toBe(process.ppid);
    expect(stat?.state).toBe('R');
    expect(stat?.startTicks).toMatch(/^\d+$/);
  });

  it('is undefined for a pid that names no process', () => {
    // Act + Assess: pid_max is at most 2^22 on Linux
    expect(processStat(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('cpuOfTrees', () => {
  it('counts the CPU this process spends, to the clock tick', () => {
    // Prepare
    const before = cpuOfTrees({ self: process.pid });
    const usageBefore = process.cpuUsage();

    // Act
    burnCpu(300);

    // Assess: /proc counts in 10 ms ticks; process.cpuUsage in microseconds
    const usage = process.cpuUsage(usageBefore);
    const spent = (cpuOfTrees({ self: process.pid }).self ?? 0) - (before.self ?? 0);
    expect(spent).toBeGreaterThanOrEqual(0.3 - 0.03);
    expect(Math.abs(spent - (usage.user + usage.system) / 1e6)).toBeLessThan(0.03);
  });

  it("counts a child's CPU in its parent's tree, and under its own name only when named", async () => {
    // Prepare
    const before = cpuOfTrees({ self: process.pid });
    child = spawn(process.execPath, ['-e', burner], { stdio: ['ignore', 'pipe', 'inherit'] });
    await waitForLine(child, 'DONE');
    const pid = child.pid ?? 0;

    // Act
    const asTree = cpuOfTrees({ self: process.pid });
    const named = cpuOfTrees({ self: process.pid, child: pid });

    // Assess: the idle child adds nothing between the two samples; this process little
    const childCpu = named.child ?? 0;
    expect(childCpu).toBeGreaterThanOrEqual(0.3 - 0.03);
    expect((asTree.self ?? 0) - (before.self ?? 0)).toBeGreaterThanOrEqual(childCpu - 0.03);
    expect(Math.abs((named.self ?? 0) + childCpu - (asTree.self ?? 0))).toBeLessThan(0.05);
  });
});
