import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './environment';
import { type Summary, summarize } from './summary';

/** A metric's goal, checked against its median. */
export interface Target {
  comparison: '>=' | '<=';
  value: number;
  /** How the target reads in the table, e.g. "≥ 20× reference". */
  text: string;
}

/** One measured quantity: its samples' summary and, when it has one, its target. */
export interface Metric {
  key: string;
  label: string;
  unit: string;
  summary: Summary;
  /** The samples themselves when there are few (per-run values). */
  samples?: number[];
  target?: Target & { met: boolean; reason?: string };
}

/** What one measurement file reports. */
export interface MeasurementResult {
  name: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why the measurement did not run or did not finish. */
  reason?: string;
  parameters: Record<string, unknown>;
  metrics: Metric[];
  /** Supporting evidence: EXPLAIN plans, call counts, breakdowns. */
  details?: Record<string, unknown>;
  notes?: string[];
  elapsedSeconds?: number;
}

/** The machine a run happened on: written into every result file. */
export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
}

export function machine(): Machine {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** The command that produced the results, as the docs quote it. */
export const benchCommand = 'make bench';

/** Builds a metric from samples; the target is judged on the median. */
export function metric(
  key: string,
  label: string,
  unit: string,
  samples: readonly number[],
  target?: Target,
  missedBecause?: () => string,
): Metric {
  const summary = summarize(samples);
  const result: Metric = { key, label, unit, summary };
  if (samples.length <= 50) result.samples = samples.map((s) => Number(s.toFixed(3)));
  if (target) {
    const met =
      target.comparison === '>=' ? summary.median >= target.value : summary.median <= target.value;
    result.target = {
      ...target,
      met,
      ...(met || !missedBecause ? {} : { reason: missedBecause() }),
    };
  }
  return result;
}

export const resultsDir = path.join(repoRoot, 'tools', 'bench', 'results');

/** Writes bench/results/<name>.json with the machine, date and command. */
export function writeResult(result: MeasurementResult, date: Date): string {
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `${result.name}.json`);
  const { name, title, ...rest } = result;
  const document = {
    name,
    title,
    machine: machine(),
    date: date.toISOString(),
    command: benchCommand,
    ...rest,
  };
  writeFileSync(file, `${JSON.stringify(document, null, 2)}\n`);
  return file;
}
