import { distribution, percentile } from '@fluxa/samples';

/**
 * What every result file reports of a sample. Its percentiles are the CLI's
 * (`distribution`, nearest rank): one p95 across `fluxa load` and the bench. The
 * shape is the result files' own — `n`, `median`, quartiles and `iqr`, which the
 * table's spread column reads — so it is the CLI's distribution renamed and
 * completed, not a second definition.
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

const noSample: Summary = {
  n: 0,
  median: Number.NaN,
  mean: Number.NaN,
  min: Number.NaN,
  max: Number.NaN,
  p25: Number.NaN,
  p75: Number.NaN,
  p95: Number.NaN,
  p99: Number.NaN,
  iqr: Number.NaN,
};

/**
 * The summary of a sample, every figure rounded to `digits` decimals. An empty
 * sample gives NaN (null in JSON, "—" in the table), not the CLI's zeros: a
 * measurement cut short by its deadline must not meet a "≤" target with 0 ms.
 */
export function summarize(values: readonly number[], digits = 3): Summary {
  if (values.length === 0) return { ...noSample };
  const sorted = [...values].sort((a, b) => a - b);
  const { count, min, mean, p50, p95, p99, max } = distribution(sorted);
  const p25 = percentile(sorted, 25);
  const p75 = percentile(sorted, 75);
  const round = (value: number) => Number(value.toFixed(digits));
  return {
    n: count,
    median: round(p50),
    mean: round(mean),
    min: round(min),
    max: round(max),
    p25: round(p25),
    p75: round(p75),
    p95: round(p95),
    p99: round(p99),
    iqr: round(p75 - p25),
  };
}

/** The median (the CLI's p50) of a sample, unrounded; NaN for an empty one. */
export function median(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : distribution([...values]).p50;
}
