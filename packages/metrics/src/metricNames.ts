/**
 * Every metric Fluxa emits, with its CloudWatch unit: the one list the code may emit from
 * (`count` takes only counts, `timing` only milliseconds, `seconds` only seconds) and the one
 * docs/METRICS.md is tested against.
 */
export const metricUnits = {
  // ingest
  ingest_success: 'Count',
  ingest_failure: 'Count',
  sqs_sent: 'Count',
  s3_puts: 'Count',
  payload_inline_count: 'Count',
  payload_s3_count: 'Count',
  ingest_latency_ms: 'Milliseconds',
  batch_size: 'Count',
  // processor
  processed_success: 'Count',
  processed_duplicate: 'Count',
  processed_failure: 'Count',
  dlq_sent: 'Count',
  notify_published: 'Count',
  notify_owed: 'Count',
  event_id_conflicts: 'Count',
  db_latency_ms: 'Milliseconds',
  process_latency_ms: 'Milliseconds',
  batch_item_failures: 'Count',
  // query
  query_success: 'Count',
  query_failure: 'Count',
  query_not_found: 'Count',
  // relay
  relay_published: 'Count',
  replay_published: 'Count',
  relay_oldest_owed_seconds: 'Seconds',
  // control
  control_success: 'Count',
  control_failure: 'Count',
  // migrate (the lifecycle schedule)
  events_erased: 'Count',
  events_expired: 'Count',
  keys_purged: 'Count',
} as const satisfies Record<string, 'Count' | 'Milliseconds' | 'Seconds'>;

/** A metric name (docs/METRICS.md says what each means and what to alarm on). */
export type MetricName = keyof typeof metricUnits;

/** The CloudWatch unit of a metric. */
export type MetricUnit = (typeof metricUnits)[MetricName];

/** The names of the metrics recorded in `unit`. */
export type MetricNameOf<Unit extends MetricUnit> = {
  [Name in MetricName]: (typeof metricUnits)[Name] extends Unit ? Name : never;
}[MetricName];
