/** Percentiles of a series of measurements, in the series' unit. */
export interface Distribution {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** The nearest-rank percentile (p in 0–100) of values sorted ascending; 0 for none. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

/** Count, min, mean, p50/p95/p99 and max of the values (zeros when empty). */
export function distribution(values: number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    count: sorted.length,
    min: sorted[0] ?? 0,
    mean: sorted.length ? sum / sorted.length : 0,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/** A distribution with every figure rounded to `digits` decimals (for JSON output). */
export function rounded(dist: Distribution, digits = 1): Distribution {
  const round = (value: number) => Number(value.toFixed(digits));
  return {
    count: dist.count,
    min: round(dist.min),
    mean: round(dist.mean),
    p50: round(dist.p50),
    p95: round(dist.p95),
    p99: round(dist.p99),
    max: round(dist.max),
  };
}

/** `p50 12 ms  p95 40 ms  p99 80 ms  max 120 ms` */
export function formatDistribution(dist: Distribution, unit: 'ms' | 's'): string {
  const show = (value: number) =>
    unit === 'ms' ? `${Math.round(value)} ms` : `${value.toFixed(value < 10 ? 2 : 1)} s`;
  return `p50 ${show(dist.p50)}  p95 ${show(dist.p95)}  p99 ${show(dist.p99)}  max ${show(dist.max)}`;
}
