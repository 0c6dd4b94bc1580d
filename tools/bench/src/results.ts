import os from 'node:os';
import { type Summary, summarize } from './summary';

/** A metric's goal, checked against its median (or its p95 where `on` says so). */
export interface Target {
  comparison: '>=' | '<=';
  value: number;
  on?: 'median' | 'p95';
  /** How the target reads in the table, e.g. "≥ 20×". */
  text: string;
}

/** A target met by a median (or p95) of at most `value`; `text` is how it reads: "p95 ≤ 5 ms". */
export const atMost = (value: number, text: string, on: Target['on'] = 'median'): Target => ({
  comparison: '<=',
  value,
  on,
  text,
});

/** A target met by a median of at least `value`; `text` is how it reads: "≥ 5,000/s". */
export const atLeast = (value: number, text: string): Target => ({ comparison: '>=', value, text });

/** One measured quantity: its samples' summary and, when it has one, its target. */
export interface Metric {
  key: string;
  label: string;
  unit: string;
  summary: Summary;
  /** The samples themselves when there are few (per-run values). */
  samples?: number[];
  target?: Target & { met: boolean };
}

/** What one measurement's result file reports: numbers, no prose. */
export interface MeasurementResult {
  name: string;
  title: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why the measurement did not run or did not finish. */
  reason?: string;
  parameters: Record<string, unknown>;
  metrics: Metric[];
  /** Supporting evidence: EXPLAIN plans, call counts, breakdowns, CPU per process. */
  details?: Record<string, unknown>;
  elapsedSeconds?: number;
}

/** The machine a run happened on: written into every result file. */
export function machine() {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memoryGiB: Number((os.totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
  };
}

/** Builds a metric from samples; a target is judged on the median unless it says p95. */
export function metric(
  key: string,
  label: string,
  unit: string,
  samples: readonly number[],
  target?: Target,
): Metric {
  const summary = summarize(samples);
  const result: Metric = { key, label, unit, summary };
  if (samples.length <= 50) result.samples = samples.map((s) => Number(s.toFixed(3)));
  if (target) {
    const value = target.on === 'p95' ? summary.p95 : summary.median;
    const met = target.comparison === '>=' ? value >= target.value : value <= target.value;
    result.target = { ...target, met };
  }
  return result;
}

/** A measurement that did not run, and why. */
export const notRun = (
  name: string,
  status: 'skipped' | 'failed',
  reason: string,
): MeasurementResult => ({ name, title: name, status, reason, parameters: {}, metrics: [] });
