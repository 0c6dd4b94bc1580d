import { readdirSync, readFileSync } from 'node:fs';

/** CPU seconds (user + system) of processes, by name, read from /proc (Linux only). */
export type CpuByProcess = Record<string, number>;

const clockTicksPerSecond = 100; // USER_HZ on every Linux the suite runs on

interface ProcStat {
  pid: number;
  ppid: number;
  cpuSeconds: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name: state ppid … utime(14) stime(15).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid, cpuSeconds: (utime + stime) / clockTicksPerSecond };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcStat[] {
  try {
    return readdirSync('/proc')
      .filter((entry) => /^\d+$/.test(entry))
      .flatMap((entry) => readStat(Number(entry)) ?? []);
  } catch {
    return [];
  }
}

/**
 * CPU used so far by each named process tree (the process and its live
 * descendants, e.g. PostgreSQL's backends under the postmaster). Sample before
 * and after a phase and subtract to see where the machine's CPU went.
 */
export function cpuOfTrees(roots: Record<string, number>): CpuByProcess {
  const processes = allProcesses();
  const children = new Map<number, ProcStat[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const byPid = new Map(processes.map((p) => [p.pid, p]));
  const treeCpu = (pid: number, exclude: Set<number>): number => {
    if (exclude.has(pid)) return 0;
    const own = byPid.get(pid)?.cpuSeconds ?? 0;
    return (
      own + (children.get(pid) ?? []).reduce((sum, child) => sum + treeCpu(child.pid, exclude), 0)
    );
  };
  // A named root inside another named tree is counted only under its own name.
  const named = new Set(Object.values(roots));
  const result: CpuByProcess = {};
  for (const [name, pid] of Object.entries(roots)) {
    result[name] = treeCpu(pid, new Set([...named].filter((p) => p !== pid)));
  }
  return result;
}

/** after − before, per name, in seconds. */
export function cpuDelta(before: CpuByProcess, after: CpuByProcess): CpuByProcess {
  return Object.fromEntries(
    Object.entries(after).map(([name, value]) => [
      name,
      Number((value - (before[name] ?? 0)).toFixed(2)),
    ]),
  );
}
