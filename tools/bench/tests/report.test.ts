import { formatNumber } from '../src/format';
import { tableRows } from '../src/report';
import { metric, notRun } from '../src/results';

describe('formatNumber', () => {
  it('shows three significant figures with thousands separated, and a dash for no number', () => {
    // Act
    const shown = [24082.4, 38.66, 0.6424, 2.3345, Number.NaN].map(formatNumber);

    // Assess
    expect(shown).toEqual(['24,082', '38.7', '0.642', '2.33', '—']);
  });
});

describe('tableRows', () => {
  it('gives a metric its median, spread, tail and whether it met its target', () => {
    // Prepare
    const latency = metric(
      'e2e_ms',
      'ingest → queryable',
      'ms',
      Array.from({ length: 40 }, (_, i) => i + 1),
      {
        comparison: '<=',
        value: 30,
        on: 'p95',
        text: 'p95 ≤ 30 ms',
      },
    );
    const result = {
      name: 'end-to-end',
      title: 'e2e',
      status: 'ok' as const,
      parameters: {},
      metrics: [latency],
    };

    // Act
    const [row] = tableRows([result]);

    // Assess
    expect(row).toEqual({
      measurement: 'end-to-end',
      metric: 'ingest → queryable',
      median: '20.0 ms',
      spread: '10.0–30.0 (IQR)',
      'p95 / p99': '38.0 / 40.0',
      target: 'p95 ≤ 30 ms',
      status: '**missed**',
    });
  });

  it('gives a measurement that did not run one row saying why', () => {
    // Act
    const rows = tableRows([notRun('cost-model', 'skipped', 'needs ingest-latency')]);

    // Assess
    expect(rows).toEqual([
      expect.objectContaining({
        measurement: 'cost-model',
        status: '**skipped**: needs ingest-latency',
      }),
    ]);
  });
});
