/** Summary statistics of a sample: what every result file reports. */
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

/** The q-quantile (0–1) by linear interpolation between closest ranks of a sorted sample. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const low = sorted[lower] as number;
  const high = sorted[upper] as number;
  return low + (high - low) * (position - lower);
}

/** Median of a sample (not necessarily sorted). */
export function median(values: readonly number[]): number {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Median, percentiles and spread of a sample; NaN everywhere for an empty one. */
export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  const p25 = quantile(sorted, 0.25);
  const p75 = quantile(sorted, 0.75);
  return {
    n: sorted.length,
    median: quantile(sorted, 0.5),
    mean: sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || Number.NaN),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    p25,
    p75,
    p95: quantile(sorted, 0.95),
    p99: quantile(sorted, 0.99),
    iqr: p75 - p25,
  };
}

/** Rounds every number of a summary for the result files (3 significant decimals are noise). */
export function rounded(summary: Summary, digits = 3): Summary {
  const round = (value: number) => Number(value.toFixed(digits));
  return Object.fromEntries(
    Object.entries(summary).map(([key, value]) => [key, round(value)]),
  ) as unknown as Summary;
}
