import type { Sql } from '@fluxa/db';
import type { Deadline } from './deadline';
import { cpuDelta, cpuOfTrees } from './processCpu';
import { expectStored } from './processorDatabase';
import type { Variant } from './processorVariants';
import { sqsBatches } from './sqsBatches';

/** What every run needs besides its variant. */
export interface RunContext {
  queueArn: string;
  /** The benchmark database, where every run's events must end up stored and notified. */
  sql: Sql;
  /** Statements sent to PostgreSQL so far by the processors, the reference and the ceiling. */
  roundTrips(): number;
  /** Process trees whose CPU is charged to the run, by name. */
  processes: Record<string, number>;
}

/** Per-variant samples of the measured runs, keyed by `Variant.key`. */
export interface RunSamples {
  /** Runs completed before the deadline. */
  runs: number;
  /** Events per second, one per run. */
  eventsPerSecond: Map<string, number[]>;
  /** Milliseconds of every timed batch (one invocation). */
  invocationMs: Map<string, number[]>;
  /** Seconds per 1,000 events, one per run. */
  secondsPer1000: Map<string, number[]>;
  /** PostgreSQL round trips per 1,000 events (the last run's). */
  roundTripsPer1000: Map<string, number>;
  /** CPU ms per event by process, one sample per run. */
  cpuMsPerEvent: Map<string, Record<string, number[]>>;
}

/** One run of one variant over `count` fresh events: timed batch by batch, then checked stored. */
async function runVariant(variant: Variant, prefix: string, count: number, context: RunContext) {
  const work = variant.prepare(sqsBatches(prefix, count, variant.batchSize, context.queueArn));
  const invocationMs: number[] = [];
  const roundTripsBefore = context.roundTrips();
  const cpuBefore = cpuOfTrees(context.processes);
  const started = performance.now();
  for (const batch of work) {
    const t0 = performance.now();
    await batch();
    invocationMs.push(performance.now() - t0);
  }
  const seconds = (performance.now() - started) / 1000;
  const roundTripsPer1000 = ((context.roundTrips() - roundTripsBefore) * 1000) / count;
  const cpu = cpuDelta(cpuBefore, cpuOfTrees(context.processes));
  const cpuMs = Object.fromEntries(Object.entries(cpu).map(([k, s]) => [k, (s * 1000) / count]));
  await expectStored(context.sql, prefix, count);
  return { eventsPerSecond: count / seconds, invocationMs, roundTripsPer1000, seconds, cpuMs };
}

/** Two batches of each variant, not reported: JIT, prepared statements, connections. */
export async function warmUp(variants: Variant[], context: RunContext): Promise<void> {
  for (const v of variants) await runVariant(v, `warm-${v.key}`, v.batchSize * 2, context);
}

/**
 * Up to `runs` runs of every variant, interleaved on one database with fresh
 * event ids, the order rotated run by run so no variant always goes first (or
 * right after the checkpointer woke up); stops early once the deadline passed.
 */
export async function measureRuns(
  variants: Variant[],
  context: RunContext,
  runs: number,
  deadline: Deadline,
): Promise<RunSamples> {
  const perVariant = () => new Map<string, number[]>(variants.map((v) => [v.key, []]));
  const samples: RunSamples = {
    runs: 0,
    eventsPerSecond: perVariant(),
    invocationMs: perVariant(),
    secondsPer1000: perVariant(),
    roundTripsPer1000: new Map(),
    cpuMsPerEvent: new Map(),
  };
  for (let run = 0; run < runs && !deadline.passed(); run++) {
    const order = variants.map((_, i) => variants[(i + run) % variants.length] as Variant);
    for (const v of order) {
      const measured = await runVariant(v, `run${run}-${v.key}`, v.eventsPerRun, context);
      samples.eventsPerSecond.get(v.key)?.push(measured.eventsPerSecond);
      samples.invocationMs.get(v.key)?.push(...measured.invocationMs);
      samples.secondsPer1000.get(v.key)?.push((measured.seconds * 1000) / v.eventsPerRun);
      samples.roundTripsPer1000.set(v.key, measured.roundTripsPer1000);
      const cpu = samples.cpuMsPerEvent.get(v.key) ?? {};
      for (const [name, ms] of Object.entries(measured.cpuMs))
        cpu[name] = [...(cpu[name] ?? []), ms];
      samples.cpuMsPerEvent.set(v.key, cpu);
    }
    samples.runs += 1;
  }
  return samples;
}
