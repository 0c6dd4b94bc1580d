import { readdirSync, readFileSync } from 'node:fs';

/** What /proc/<pid>/stat tells of a process. */
export interface ProcessStat {
  state: string;
  ppid: number;
  /** Start time in clock ticks after boot: with the pid, it names one process. */
  startTicks: string;
  /** CPU seconds (user + system), its ended and reaped children's included. */
  cpuSeconds: number;
}

const clockTicksPerSecond = 100; // USER_HZ on every Linux Fluxa runs on

/** The process's /proc/<pid>/stat; undefined once it is gone, or off Linux. */
export function processStat(pid: number): ProcessStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // After the command name (in parentheses, may contain spaces): state ppid … utime stime
    // cutime cstime (fields 14–17) … starttime (22).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
    return {
      state: fields[0] ?? '',
      ppid: Number(fields[1]),
      startTicks: fields[19] ?? '',
      cpuSeconds: ticks / clockTicksPerSecond,
    };
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds used so far by each named process tree (the process and its descendants, e.g.
 * PostgreSQL's backends under the postmaster, those that ended included); a named root inside
 * another named tree counts under its own name only. Linux only (empty trees elsewhere).
 */
export function cpuOfTrees(roots: Record<string, number>): Record<string, number> {
  const cpu = new Map<number, number>();
  const children = new Map<number, number[]>();
  for (const pid of readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number)) {
    const stat = processStat(pid);
    if (!stat) continue;
    cpu.set(pid, stat.cpuSeconds);
    children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), pid]);
  }
  const named = new Set(Object.values(roots));
  const treeCpu = (pid: number, root: number): number =>
    pid !== root && named.has(pid)
      ? 0
      : (cpu.get(pid) ?? 0) +
        (children.get(pid) ?? []).reduce((sum, child) => sum + treeCpu(child, root), 0);
  return Object.fromEntries(Object.entries(roots).map(([name, pid]) => [name, treeCpu(pid, pid)]));
}
