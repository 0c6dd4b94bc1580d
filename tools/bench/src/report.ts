import { formatNumber } from './format';
import type { MeasurementResult, Metric } from './results';

/** One line of the results table, by column header. */
export type TableRow = Record<
  'measurement' | 'metric' | 'median' | 'spread' | 'p95 / p99' | 'target' | 'status',
  string
>;

/** "min–max" for a handful of per-run values, "p25–p75" for latency samples. */
function spreadOf({ summary }: Metric): string {
  if (summary.n <= 1) return '—';
  if (summary.n <= 20) return `${formatNumber(summary.min)}–${formatNumber(summary.max)} (min–max)`;
  return `${formatNumber(summary.p25)}–${formatNumber(summary.p75)} (IQR)`;
}

/** One row per metric, plus one per measurement that was skipped or failed. */
export function tableRows(results: MeasurementResult[]): TableRow[] {
  return results.flatMap((result): TableRow[] => {
    if (result.status !== 'ok') {
      const status = `**${result.status}**: ${result.reason ?? ''}`;
      const none = { median: '—', spread: '—', 'p95 / p99': '—', target: '' };
      return [{ measurement: result.name, metric: result.status, ...none, status }];
    }
    return result.metrics.map((m) => ({
      measurement: result.name,
      metric: m.label,
      median: `${formatNumber(m.summary.median)} ${m.unit}`,
      spread: spreadOf(m),
      'p95 / p99':
        m.summary.n > 20 ? `${formatNumber(m.summary.p95)} / ${formatNumber(m.summary.p99)}` : '—',
      target: m.target?.text ?? '',
      status: m.target ? (m.target.met ? 'met' : '**missed**') : '',
    }));
  });
}
