import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) by name. */
export type CpuByProcess = Record<string, number>;

const clockTicksPerSecond = 100; // USER_HZ on every Linux the suite runs on

/** Every process's parent and CPU seconds so far, its ended children's included (Linux /proc). */
function processTable(): Map<number, { ppid: number; cpuSeconds: number }> {
  const table = new Map<number, { ppid: number; cpuSeconds: number }>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // After the parenthesised command name: state ppid … utime stime cutime cstime (14–17):
      // its own CPU and that of its children that ended (a backend that closed, say).
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
      table.set(Number(entry), {
        ppid: Number(fields[1]),
        cpuSeconds: ticks / clockTicksPerSecond,
      });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return table;
}

/**
 * CPU used so far by each named process tree (the process and its descendants, e.g.
 * PostgreSQL's backends under the postmaster, those that ended included); a named root inside another named tree counts
 * under its own name only. Sample before and after a phase and subtract ({@link cpuMsPerEvent}).
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
