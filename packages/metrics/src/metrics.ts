import { Console } from 'node:console';
import { Writable } from 'node:stream';
import { releaseVersion } from '@fluxa/models';
import { LocalSink, MetricsLogger, Unit } from 'aws-embedded-metrics';
import { type CountDimensions, dimensionSets } from './dimensionSets';
import type { MetricNameOf } from './metricNames';

/** Per-invocation metrics: record, then flush once at the end of the invocation. */
export interface Metrics {
  /**
   * Adds to a counter; with dimensions (e.g. `ingest_failure{error}`, `ingest_success{tenant_id}`)
   * the value is published per error and per tenant as well as in total.
   */
  count(name: MetricNameOf<'Count'>, value?: number, dimensions?: CountDimensions): void;
  /** Records a duration in milliseconds. */
  timing(name: MetricNameOf<'Milliseconds'>, milliseconds: number): void;
  /** Records an age or a duration in seconds (say, how long the oldest owed item has waited). */
  seconds(name: MetricNameOf<'Seconds'>, seconds: number): void;
  /** Writes what was recorded as EMF lines and starts afresh. */
  flush(): Promise<void>;
}

/** The CloudWatch namespace of every Fluxa metric. */
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
 * Creates an EMF metrics recorder under namespace `Fluxa` with dimension `service`, and the
 * release as the property `version` of every line: a property, not a dimension, so a deploy
 * does not start new series (and leave the alarms watching the old ones), while CloudWatch
 * Logs Insights can still compare releases (`filter version = "0.2.0"`). Lines go to stdout
 * (CloudWatch extracts them from the Lambda log) or to `write`, which tests use to read them.
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
      logger.setDimensions(dimensionSets(service, dimensions));
      logger.setProperty('version', releaseVersion);
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
