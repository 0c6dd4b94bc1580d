import { MetricsLogger, Unit } from 'aws-embedded-metrics';
import type { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { LogSerializer } from 'aws-embedded-metrics/lib/serializers/LogSerializer';

/** Metric names of SPEC §8, per function. */
export type MetricName =
  | 'ingest_success'
  | 'ingest_failure'
  | 'sqs_sent'
  | 's3_puts'
  | 'payload_inline_count'
  | 'payload_s3_count'
  | 'ingest_latency_ms'
  | 'batch_size'
  | 'processed_success'
  | 'processed_duplicate'
  | 'processed_failure'
  | 'dlq_sent'
  | 'notify_published'
  | 'db_latency_ms'
  | 'process_latency_ms'
  | 'batch_item_failures'
  | 'query_success'
  | 'query_failure'
  | 'query_not_found';

/** Per-invocation metrics: record, then flush once at the end of the invocation. */
export interface Metrics {
  /** Adds to a counter; `error` becomes an extra dimension (e.g. `ingest_failure{error}`). */
  count(name: MetricName, value?: number, error?: string): void;
  /** Records a duration in milliseconds. */
  timing(name: MetricName, milliseconds: number): void;
  /** Writes what was recorded as EMF lines and starts afresh. */
  flush(): Promise<void>;
}

export const metricsNamespace = 'Fluxa';

/**
 * Creates an EMF metrics recorder under namespace `Fluxa` with dimension
 * `service`. Lines go to stdout (CloudWatch extracts them from the Lambda log)
 * or to `write`, which tests use to read what was emitted.
 */
export function createMetrics(
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Metrics {
  const serializer = new LogSerializer();
  const sink = {
    name: 'FluxaSink',
    accept: async (context: MetricsContext) => {
      for (const line of serializer.serialize(context)) write(line);
    },
  };
  const environment = {
    probe: async () => true,
    getName: () => service,
    getType: () => 'AWS::Lambda::Function',
    getLogGroupName: () => `/aws/lambda/${service}`,
    configureContext: () => {},
    getSink: () => sink,
  };
  let loggers = new Map<string, MetricsLogger>();
  const loggerFor = (error?: string): MetricsLogger => {
    const key = error ?? '';
    let logger = loggers.get(key);
    if (!logger) {
      logger = new MetricsLogger(async () => environment);
      logger.setNamespace(metricsNamespace);
      logger.setDimensions(error ? { service, error } : { service });
      loggers.set(key, logger);
    }
    return logger;
  };
  return {
    count(name, value = 1, error) {
      loggerFor(error).putMetric(name, value, Unit.Count);
    },
    timing(name, milliseconds) {
      loggerFor().putMetric(name, milliseconds, Unit.Milliseconds);
    },
    async flush() {
      const pending = [...loggers.values()];
      loggers = new Map();
      await Promise.all(pending.map((logger) => logger.flush()));
    },
  };
}
