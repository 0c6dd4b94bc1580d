import { sum } from './callCounter';
import type { IngestCost } from './ingestLatency';
import type { ProcessorCost } from './processorThroughput';
import { type MeasurementResult, metric, notRun } from './results';

/**
 * AWS list prices, us-east-1, without free tiers, from the public pricing pages (unchanged
 * since 2022; last compared with the pages in 2025 — re-check before quoting), in $ per unit.
 */
const prices = {
  /** API Gateway REST API, per request (first 333 M a month): aws.amazon.com/api-gateway/pricing */
  apiGatewayRequest: 3.5e-6,
  /** Lambda, per request: aws.amazon.com/lambda/pricing */
  lambdaRequest: 0.2e-6,
  /** Lambda arm64 duration, per GB-second (first 7.5 G GB-s a month): aws.amazon.com/lambda/pricing */
  lambdaArmGbSecond: 0.0000133334,
  /** SQS standard, per request; each 64 KiB chunk of a payload is one: aws.amazon.com/sqs/pricing */
  sqsRequest: 0.4e-6,
  /** SNS standard, per publish (PublishBatch: per message, per 64 KiB); SQS deliveries free: aws.amazon.com/sns/pricing */
  snsPublish: 0.5e-6,
  /** S3 Standard PUT and GET: aws.amazon.com/s3/pricing */
  s3Put: 0.005e-3,
  s3Get: 0.0004e-3,
};

/** What the counts cannot give. */
const assumptions = {
  /** Memory of the ingest and processor functions: the Terraform module's defaults (MB). */
  ingestMemoryMb: 512,
  processorMemoryMb: 1024,
  /** Share of events over the SQS inline limit (payload → S3 PUT by ingest, GET by processor). */
  largePayloadFraction: 0.01,
  /** The event source mapping receives ≤ 10 messages a call and deletes them in one call. */
  messagesPerReceive: 10,
};

const events = 1e6;

/** Lambda duration in $: invocations × ms (billed rounded up to the ms) × memory. */
const duration = (invocations: number, ms: number, memoryMb: number) =>
  invocations * (Math.ceil(ms) / 1000) * (memoryMb / 1024) * prices.lambdaArmGbSecond;

/**
 * cost-model: $ per million events at AWS list price, with single-event and with batch ingest,
 * from the calls counted and the durations measured by ingest-latency and processor-throughput
 * in the same run.
 */
export function costModel(ingest?: IngestCost, processor?: ProcessorCost): MeasurementResult {
  if (!ingest || !processor) {
    return notRun(
      'cost-model',
      'skipped',
      'needs ingest-latency and processor-throughput in the same run',
    );
  }
  const invocations = events / processor.batchSize;
  const backEnd = {
    'sqs event source (receive + delete)':
      (2 * events * prices.sqsRequest) / assumptions.messagesPerReceive,
    'lambda processor requests': invocations * prices.lambdaRequest,
    'lambda processor GB-s': duration(
      invocations,
      processor.invocationMs,
      assumptions.processorMemoryMb,
    ),
    'sns publish': (events * processor.snsBilledPer1000 * prices.snsPublish) / 1000,
    's3 PUT + GET (large payloads)':
      events * assumptions.largePayloadFraction * (prices.s3Put + prices.s3Get),
  };
  const front = (requests: number, requestMs: number, sqsBilledPer1000: number) => ({
    'api gateway requests': requests * prices.apiGatewayRequest,
    'lambda ingest requests': requests * prices.lambdaRequest,
    'lambda ingest GB-s': duration(requests, requestMs, assumptions.ingestMemoryMb),
    'sqs send': (events * sqsBilledPer1000 * prices.sqsRequest) / 1000,
    ...backEnd,
  });
  const single = front(events, ingest.singleRequestMs, sum(ingest.sqsPer1000.single.billed));
  const batch = front(
    events / ingest.batchSize,
    ingest.batchRequestMs,
    sum(ingest.sqsPer1000.batch.billed),
  );
  const total = (items: Record<string, number>) => Object.values(items).reduce((a, b) => a + b, 0);
  const rounded = (items: Record<string, number>) =>
    Object.fromEntries(Object.entries(items).map(([k, v]) => [k, Number(v.toFixed(4))]));
  return {
    name: 'cost-model',
    title: 'Cost per million events (AWS list price, us-east-1)',
    status: 'ok',
    parameters: { prices, assumptions, inputs: { ingest, processor } },
    metrics: [
      metric('single_usd', 'POST /events', '$/M events', [total(single)]),
      metric('batch_usd', `POST /events/batch (${ingest.batchSize})`, '$/M events', [total(batch)]),
    ],
    details: {
      lineItems: Object.keys(single).map((item) => ({
        item,
        'POST /events ($/M)': rounded(single)[item],
        [`batch of ${ingest.batchSize} ($/M)`]: rounded(batch)[item],
      })),
    },
  };
}
