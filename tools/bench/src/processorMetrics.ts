import type { RunSamples } from './processorRuns';
import { type Metric, metric } from './results';
import { median } from './summary';

/** CPU ms per event: variant → process → median over runs. */
export type CpuTable = Record<string, Record<string, number>>;

/** Events/s of every variant, and the ratios the targets are on. */
export function throughputMetrics(batchSizes: number[], samples: RunSamples): Metric[] {
  const eps = (key: string) => samples.eventsPerSecond.get(key) ?? [];
  const ratio = (a: string, b: string) =>
    eps(a).map((value, i) => value / (eps(b)[i] ?? Number.NaN));
  const perBatchSize = (build: (b: number) => Metric) => batchSizes.map(build);
  return [
    ...perBatchSize((b) =>
      metric(`ours_b${b}`, `processor, batch ${b}`, 'events/s', eps(`ours_b${b}`)),
    ),
    metric('reference', 'reference per-event algorithm', 'events/s', eps('reference')),
    ...perBatchSize((b) =>
      metric(`ceiling_b${b}`, `raw unnest insert, batch ${b}`, 'events/s', eps(`ceiling_b${b}`)),
    ),
    ...perBatchSize((b) =>
      metric(
        `ratio_vs_reference_b${b}`,
        `processor b${b} ÷ reference`,
        '×',
        ratio(`ours_b${b}`, 'reference'),
        {
          comparison: '>=',
          value: 20,
          text: '≥ 20×',
        },
      ),
    ),
    ...perBatchSize((b) =>
      metric(
        `fraction_of_ceiling_b${b}`,
        `processor b${b} ÷ raw insert b${b}`,
        'fraction',
        ratio(`ours_b${b}`, `ceiling_b${b}`),
        { comparison: '>=', value: 0.5, text: '≥ 50%' },
      ),
    ),
  ];
}

/** Median CPU ms per event by variant and process, from per-run samples; `total` sums them. */
export function cpuTable(samples: RunSamples['cpuMsPerEvent']): CpuTable {
  return Object.fromEntries(
    [...samples].map(([variant, byProcess]) => {
      const medians = Object.entries(byProcess).map(([name, values]): [string, number] => [
        name,
        Number(median(values).toFixed(3)),
      ]);
      const total = medians.reduce((sum, [, ms]) => sum + ms, 0);
      return [variant, { ...Object.fromEntries(medians), total: Number(total.toFixed(3)) }];
    }),
  );
}
