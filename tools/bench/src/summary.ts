import { percentile } from '@fluxa/samples';

/**
 * What every result file reports of a sample: the nearest-rank percentiles `fluxa load` uses
 * (`@fluxa/samples`), with the quartiles and their range, which the table's spread reads.
 */
export interface Summary {
  n: number;
  median: number;
  mean: number;
  min: number;
  max: number;
  p25: number;
  p75: number;
  p95: number;
  p99: number;
  /** Interquartile range, p75 − p25: the spread that ignores one-off outliers. */
  iqr: number;
}

/**
 * The summary of a sample, every figure rounded to `digits` decimals. An empty sample gives
 * NaN (null in JSON, "—" on the page), not zeros: a measurement cut short by its deadline must
 * not meet a "≤" target with 0 ms.
 */
export function summarize(values: readonly number[], digits = 3): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => (sorted.length === 0 ? Number.NaN : percentile(sorted, p));
  const round = (value: number) => Number(value.toFixed(digits));
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return {
    n: sorted.length,
    median: round(at(50)),
    mean: round(mean),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
    p25: round(at(25)),
    p75: round(at(75)),
    p95: round(at(95)),
    p99: round(at(99)),
    iqr: round(at(75) - at(25)),
  };
}
