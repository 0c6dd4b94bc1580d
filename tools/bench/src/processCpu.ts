import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) by name. */
export type CpuByProcess = Record<string, number>;

const clockTicksPerSecond = 100; // USER_HZ on every Linux the suite runs on

/** Every process's parent and CPU seconds so far, from /proc (Linux only). */
function processTable(): Map<number, { ppid: number; cpuSeconds: number }> {
  const table = new Map<number, { ppid: number; cpuSeconds: number }>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The fields after the parenthesised command name: state ppid … utime(14) stime(15).
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / clockTicksPerSecond;
      table.set(Number(entry), { ppid: Number(fields[1]), cpuSeconds });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return table;
}

/**
 * CPU used so far by each named process tree (the process and its live descendants, e.g.
 * PostgreSQL's backends under the postmaster); a named root inside another named tree counts
 * under its own name only. Sample before and after a phase and subtract ({@link cpuDelta}).
 */
export function cpuOfTrees(roots: Record<string, number>): CpuByProcess {
  const table = processTable();
  const named = new Set(Object.values(roots));
  const treeCpu = (pid: number, root: number): number =>
    pid !== root && named.has(pid)
      ? 0
      : (table.get(pid)?.cpuSeconds ?? 0) +
        [...table]
          .filter(([, p]) => p.ppid === pid)
          .reduce((sum, [child]) => sum + treeCpu(child, root), 0);
  return Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, treeCpu(pid, pid)]));
}

/** CPU ms per event of each process between two samples. */
export function cpuMsPerEvent(before: CpuByProcess, after: CpuByProcess, events: number) {
  return Object.fromEntries(
    Object.entries(after).map(([name, seconds]) => [
      name,
      Number((((seconds - (before[name] ?? 0)) * 1000) / Math.max(1, events)).toFixed(3)),
    ]),
  );
}
