import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { LocalSink, MetricsLogger, Unit } from 'aws-embedded-metrics';

/** Metric names, per function (docs/RUNBOOK.md says what each means). */
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
  | 'notify_owed'
  | 'db_latency_ms'
  | 'process_latency_ms'
  | 'batch_item_failures'
  | 'query_success'
  | 'query_failure'
  | 'query_not_found'
  | 'relay_published'
  | 'replay_published'
  | 'relay_oldest_owed_seconds'
  | 'control_success'
  | 'control_failure'
  | 'event_id_conflicts'
  | 'events_erased'
  | 'events_expired'
  | 'keys_purged';

/**
 * Dimensions a count may carry besides `service`: the error of a failure counter, and the
 * tenant (tenants are few — the clients of one deployment — so one series each is cheap; never
 * a user or an event id).
 */
export interface CountDimensions {
  error?: string;
  tenant_id?: string;
}

/** Per-invocation metrics: record, then flush once at the end of the invocation. */
export interface Metrics {
  /** Adds to a counter, under extra dimensions if given (e.g. `ingest_failure{error}`). */
  count(name: MetricName, value?: number, dimensions?: CountDimensions): void;
  /** Records a duration in milliseconds. */
  timing(name: MetricName, milliseconds: number): void;
  /** Records an age or a duration in seconds (say, how long the oldest owed item has waited). */
  seconds(name: MetricName, seconds: number): void;
  /** Writes what was recorded as EMF lines and starts afresh. */
  flush(): Promise<void>;
}

export const metricsNamespace = 'Fluxa';

/** What a MetricsLogger resolves its environment to (the type of its public constructor). */
type Environment = Awaited<ReturnType<ConstructorParameters<typeof MetricsLogger>[0]>>;

/**
 * The library's own EMF serialising sink (`LocalSink`, its console sink), writing each line
 * to `write` instead of the process console.
 */
class LineSink extends LocalSink {
  override readonly console: Console;
  constructor(write: (line: string) => void) {
    super();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        write(chunk.toString('utf8').replace(/\n$/, ''));
        done();
      },
    });
    this.console = new Console({ stdout: stream, stderr: stream });
  }
}

/**
 * Creates an EMF metrics recorder under namespace `Fluxa` with dimension
 * `service`. Lines go to stdout (CloudWatch extracts them from the Lambda log)
 * or to `write`, which tests use to read what was emitted.
 */
export function createMetrics(
  service: string,
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): Metrics {
  const sink = new LineSink(write);
  const environment: Environment = {
    probe: async () => true,
    getName: () => service,
    getType: () => 'AWS::Lambda::Function',
    getLogGroupName: () => `/aws/lambda/${service}`,
    configureContext: () => {},
    getSink: () => sink,
  };
  let loggers = new Map<string, MetricsLogger>();
  const loggerFor = (dimensions: CountDimensions = {}): MetricsLogger => {
    const key = `${dimensions.error ?? ''}\u0000${dimensions.tenant_id ?? ''}`;
    let logger = loggers.get(key);
    if (!logger) {
      logger = new MetricsLogger(async () => environment);
      logger.setNamespace(metricsNamespace);
      logger.setDimensions({
        service,
        ...(dimensions.error === undefined ? {} : { error: dimensions.error }),
        ...(dimensions.tenant_id === undefined ? {} : { tenant_id: dimensions.tenant_id }),
      });
      loggers.set(key, logger);
    }
    return logger;
  };
  return {
    count(name, value = 1, dimensions) {
      loggerFor(dimensions).putMetric(name, value, Unit.Count);
    },
    timing(name, milliseconds) {
      loggerFor().putMetric(name, milliseconds, Unit.Milliseconds);
    },
    seconds(name, seconds) {
      loggerFor().putMetric(name, seconds, Unit.Seconds);
    },
    async flush() {
      const pending = [...loggers.values()];
      loggers = new Map();
      await Promise.all(pending.map((logger) => logger.flush()));
    },
  };
}
