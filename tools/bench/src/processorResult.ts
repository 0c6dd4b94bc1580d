import { latencyModel } from './awsLatencyModel';
import type { Breakdown } from './batchBreakdown';
import { eventPayloadBytes } from './benchEvents';
import { type CallCounts, perThousandEvents, total } from './callCounter';
import type { ProcessorThroughputOptions } from './options';
import { type PoisonCost, poisonMedians } from './poisonBatches';
import { cpuTable, throughputMetrics } from './processorMetrics';
import type { RunSamples } from './processorRuns';
import { processorPoolConnections } from './processorSetup';
import { referenceBatchSize } from './processorVariants';
import { type MeasurementResult, metric } from './results';
import { median, summarize } from './summary';

/** What the cost model takes from this measurement: durations and counted calls. */
export interface ProcessorCostInputs {
  memoryMb: number;
  /** Median processor invocation time (ms) by batch size. */
  invocationMs: Record<number, number>;
  /** Reference: median time per event (ms), one invocation per event. */
  referenceMsPerEvent: number;
  /** Counted SNS calls and billed requests per 1,000 events. */
  oursSnsPer1000: Record<number, CallCounts>;
  referenceSnsPer1000: CallCounts;
}

/** What the measured runs and the breakdown produced. */
export interface ProcessorMeasurements {
  samples: RunSamples;
  commitMs: number;
  /** AWS calls counted over the measured runs. */
  calls: { processor: CallCounts; reference: CallCounts };
  breakdown: Breakdown;
  poison: PoisonCost;
}

/** Terraform's processor memory (modules/stateless, processor_memory_size): for GB-s. */
const processorMemoryMb = 1024;

/** The processor-throughput result file and the cost model's inputs, from the measurements. */
export function processorResult(
  options: ProcessorThroughputOptions,
  measured: ProcessorMeasurements,
): { result: MeasurementResult; costInputs: ProcessorCostInputs } {
  const { samples, commitMs, calls, breakdown, poison } = measured;
  const model = latencyModel(options.batchSizes, samples.secondsPer1000, samples.roundTripsPer1000);
  const cpu = cpuTable(samples.cpuMsPerEvent);
  const costInputs = processorCostInputs(options, samples, calls);
  return {
    result: {
      name: 'processor-throughput',
      title: 'Processor throughput (durable PostgreSQL, emulator SNS)',
      status: 'ok',
      parameters: {
        runs: samples.runs,
        batchSizes: options.batchSizes,
        eventsPerRun: options.events,
        eventPayloadBytes,
        processorPoolConnections,
        historyRows: options.historyRows,
        postgres: 'fsync=on, synchronous_commit=on, full_page_writes=on',
        order: 'variants interleaved and rotated per run; fresh event ids per run',
      },
      metrics: [
        ...throughputMetrics(options.batchSizes, samples),
        ...Object.entries(poison).map(([refused, { ms }]) =>
          metric(
            `poison_batch_ms_${refused}`,
            `batch of 100 with ${refused} row${refused === '1' ? '' : 's'} the database refuses`,
            'ms',
            ms,
          ),
        ),
      ],
      details: {
        commitLatencyMs: Number(commitMs.toFixed(3)),
        invocationMs: Object.fromEntries(
          [...samples.invocationMs].map(([key, values]) => [key, summarize(values)]),
        ),
        awsCalls: calls,
        snsCallsPer1000Events: {
          processor: total(costInputs.oursSnsPer1000[options.batchSizes[0] ?? 10]?.calls ?? {}),
          reference: total(costInputs.referenceSnsPer1000.calls),
        },
        phaseBreakdownMs: breakdown,
        byBatchSize: options.batchSizes.map((b) => ({
          'batch size': b,
          'ours (events/s)': median(samples.eventsPerSecond.get(`ours_b${b}`) ?? []),
          'raw insert (events/s)': median(samples.eventsPerSecond.get(`ceiling_b${b}`) ?? []),
          'reference (events/s)': median(samples.eventsPerSecond.get('reference') ?? []),
        })),
        poisonBatchMs: poisonMedians(poison),
        poisonStatementsPerBatch: Object.fromEntries(
          Object.entries(poison).map(([k, v]) => [k, v.statementsPerBatch]),
        ),
        cpuMsPerEvent: cpu,
        postgresRoundTripsPer1000Events: Object.fromEntries(samples.roundTripsPer1000),
        awsLatencyModel: model,
      },
    },
    costInputs,
  };
}

/** Medians per invocation and the SNS calls counted, per 1,000 events. */
function processorCostInputs(
  options: ProcessorThroughputOptions,
  samples: RunSamples,
  calls: ProcessorMeasurements['calls'],
): ProcessorCostInputs {
  // Both batch sizes share one SNS client: PublishBatch takes 10 entries either way,
  // so calls per event do not depend on the batch size.
  const oursEvents = samples.runs * options.events.ours * options.batchSizes.length;
  const oursSnsPer1000 = perThousandEvents(calls.processor, oursEvents);
  return {
    memoryMb: processorMemoryMb,
    invocationMs: Object.fromEntries(
      options.batchSizes.map((b) => [b, median(samples.invocationMs.get(`ours_b${b}`) ?? [])]),
    ),
    referenceMsPerEvent: median(samples.invocationMs.get('reference') ?? []) / referenceBatchSize,
    oursSnsPer1000: Object.fromEntries(options.batchSizes.map((b) => [b, oursSnsPer1000])),
    referenceSnsPer1000: perThousandEvents(
      calls.reference,
      samples.runs * options.events.reference,
    ),
  };
}
