// What each measurement runs with: the types parameters.ts fills in (a leaf: imports nothing).

export interface ProcessorThroughputOptions {
  runs: number;
  batchSizes: number[];
  /** Events per run and variant: ours per batch size, the reference, the ceiling per batch size. */
  events: { ours: number; reference: number; ceiling: number };
  budgetMs: number;
  /**
   * Events (and their idempotency keys) stored and ANALYZEd before the runs: statements are
   * planned on a table of production-like size and statistics, not on an empty one.
   */
  historyRows: number;
  /** Batches of 100 whose steps the breakdown times. */
  breakdownBatches: number;
  /** Batches of 100 per count of refused rows (0, 1, 5) the poison measurement runs. */
  poisonBatches: number;
}

export interface IngestLatencyOptions {
  singleRequests: number;
  batchRequests: number;
  batchSize: number;
  budgetMs: number;
}

export interface QueryLatencyOptions {
  rows: number;
  users: number;
  byIdRequests: number;
  listRequests: number;
  budgetMs: number;
}

export interface ColdStartOptions {
  functions: string[];
  samples: number;
  budgetMs: number;
}

export interface PurgeBenchOptions {
  /** Old `success` keys to purge (plus as many recent ones it must keep). */
  keys: number;
  budgetMs: number;
}

export interface EndToEndOptions {
  /** Offered load and duration of the latency phase (the target's: 200 events/s). */
  ratePerSecond: number;
  durationSeconds: number;
  /** Offered rates of the latency curve (single POSTs), each held for `curveSeconds`. */
  curveRates: number[];
  curveSeconds: number;
  budgetMs: number;
}

export interface LocalDrainOptions {
  /** Events per burst, sent as `fluxa load --batch 100 --concurrency 4 --wait` sends them. */
  events: number;
  runs: number;
  budgetMs: number;
}
