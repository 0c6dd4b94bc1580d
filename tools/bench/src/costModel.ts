import type { CallCounts } from './callCounter';
import type { IngestCostInputs } from './ingestLatency';
import type { ProcessorCostInputs } from './processorResult';
import type { MeasurementResult } from './results';
import { metric } from './results';

// AWS list prices, us-east-1, without free tiers, from the public pricing pages
// (unchanged since 2022; last compared with the pages in 2025 — re-check before quoting):
/** API Gateway REST API, per request (first 333 M/month): aws.amazon.com/api-gateway/pricing */
const apiGatewayRestPerRequest = 3.5 / 1e6;
/** Lambda, per request: aws.amazon.com/lambda/pricing */
const lambdaPerRequest = 0.2 / 1e6;
/** Lambda arm64 duration, per GB-second (first 7.5 G GB-s/month): aws.amazon.com/lambda/pricing */
const lambdaArmPerGbSecond = 0.0000133334;
/** SQS standard queue, per request; each 64 KiB chunk of a payload is one request: aws.amazon.com/sqs/pricing */
const sqsPerRequest = 0.4 / 1e6;
/** SNS standard topic, per publish (PublishBatch: per message; per 64 KiB chunk); SQS deliveries free: aws.amazon.com/sns/pricing */
const snsPerPublish = 0.5 / 1e6;
/** S3 Standard PUT and GET, per request: aws.amazon.com/s3/pricing */
const s3PutPerRequest = 0.005 / 1000;
const s3GetPerRequest = 0.0004 / 1000;

/** Assumptions the counts cannot give (stated in the results). */
const assumptions = {
  /** Share of events over the SQS inline limit (payload → S3 PUT by ingest, GET by processor). */
  largePayloadFraction: 0.01,
  /** Our event source mapping batch size (Terraform processor_batch_size default). */
  processorBatchSize: 100,
  /** The reference invokes its processor per event (batch size 1). */
  referenceProcessorBatchSize: 1,
  /** The event source mapping receives at most 10 messages per ReceiveMessage and deletes what a batch finished in DeleteMessageBatch calls of ≤ 10. */
  messagesPerReceive: 10,
  /** Lambda bills duration rounded up to the millisecond. */
  durationRounding: 'ceil to 1 ms per invocation',
};

type LineItems = Record<string, number>;

const events = 1e6;
const gbSeconds = (invocations: number, ms: number, memoryMb: number) =>
  invocations * (Math.ceil(ms) / 1000) * (memoryMb / 1024);
const billedPerEvent = (counts: CallCounts, command: string) =>
  (counts.billed[command] ?? 0) / 1000;
const noCalls: CallCounts = { calls: {}, billed: {} };

/** Event source mapping SQS requests per million events for a processor batch size (a model). */
function pollingRequests(batchSize: number): number {
  const perReceive = Math.min(batchSize, assumptions.messagesPerReceive);
  const receives = events / perReceive;
  const deletes = events / perReceive; // one DeleteMessageBatch per received group
  return receives + deletes;
}

function storage(): LineItems {
  const large = events * assumptions.largePayloadFraction;
  return { 's3 PUT + GET (large payloads)': large * (s3PutPerRequest + s3GetPerRequest) };
}

/** API Gateway, the ingest Lambda and its SQS sends for a million events in `requests` requests. */
function ingestItems(
  ingest: IngestCostInputs,
  requests: number,
  requestMs: number,
  sqsBilledPerEvent: number,
): LineItems {
  return {
    'api gateway requests': requests * apiGatewayRestPerRequest,
    'lambda ingest requests': requests * lambdaPerRequest,
    'lambda ingest GB-s': gbSeconds(requests, requestMs, ingest.memoryMb) * lambdaArmPerGbSecond,
    'sqs send': events * sqsBilledPerEvent * sqsPerRequest,
  };
}

/**
 * The back end for a million events: the event source mapping, the processor
 * Lambda invoked per `batchSize` events for `invocationMs` each, SNS and S3.
 */
function processorItems(
  processor: ProcessorCostInputs,
  batchSize: number,
  invocationMs: number,
  snsBilledPerEvent: number,
): LineItems {
  const invocations = events / batchSize;
  return {
    'sqs event source (receive + delete)': pollingRequests(batchSize) * sqsPerRequest,
    'lambda processor requests': invocations * lambdaPerRequest,
    'lambda processor GB-s':
      gbSeconds(invocations, invocationMs, processor.memoryMb) * lambdaArmPerGbSecond,
    'sns publish': events * snsBilledPerEvent * snsPerPublish,
    ...storage(),
  };
}

/**
 * cost-model: $ per million events at AWS list price for the reference design
 * (single-event ingest, per-event SQS, per-event processor invocation, per-event
 * SNS Publish) and ours (single and batch ingest), from the calls counted and
 * the durations measured by ingest-latency and processor-throughput.
 */
export function costModel(
  ingest: IngestCostInputs,
  processor: ProcessorCostInputs,
): MeasurementResult {
  const batchSize = assumptions.processorBatchSize;
  const oursBackEnd = processorItems(
    processor,
    batchSize,
    processor.invocationMs[batchSize] ?? Number.NaN,
    billedPerEvent(processor.oursSnsPer1000[batchSize] ?? noCalls, 'PublishBatch'),
  );
  const singleSends = billedPerEvent(ingest.singleSqsPer1000, 'SendMessage');
  const oursSingle: LineItems = {
    ...ingestItems(ingest, events, ingest.singleRequestMs, singleSends),
    ...oursBackEnd,
  };
  const oursBatch: LineItems = {
    ...ingestItems(
      ingest,
      events / ingest.batchSize,
      ingest.batchRequestMs,
      billedPerEvent(ingest.batchSqsPer1000, 'SendMessageBatch'),
    ),
    ...oursBackEnd,
  };
  const referenceBatchSize = assumptions.referenceProcessorBatchSize;
  const reference: LineItems = {
    ...ingestItems(ingest, events, ingest.singleRequestMs, singleSends),
    ...processorItems(
      processor,
      referenceBatchSize,
      processor.referenceMsPerEvent * referenceBatchSize,
      billedPerEvent(processor.referenceSnsPer1000, 'Publish'),
    ),
  };
  const sum = (items: LineItems) => Object.values(items).reduce((a, b) => a + b, 0);
  const round = (items: LineItems) =>
    Object.fromEntries(Object.entries(items).map(([k, v]) => [k, Number(v.toFixed(4))]));
  const totals = {
    reference: sum(reference),
    oursSingle: sum(oursSingle),
    oursBatch: sum(oursBatch),
  };
  return {
    name: 'cost-model',
    title: 'Cost per million events (AWS list price, us-east-1)',
    status: 'ok',
    parameters: {
      prices: {
        apiGatewayRestPerMillion: 3.5,
        lambdaRequestsPerMillion: 0.2,
        lambdaArmPerGbSecond,
        sqsPerMillionRequests: 0.4,
        snsPerMillionPublishes: 0.5,
        s3PutPer1000: 0.005,
        s3GetPer1000: 0.0004,
      },
      assumptions,
      inputs: { ingest, processor },
    },
    metrics: [
      metric('reference_usd', 'reference design', '$/M events', [totals.reference]),
      metric('ours_single_usd', 'ours, POST /events', '$/M events', [totals.oursSingle]),
      metric('ours_batch_usd', `ours, POST /events/batch (${ingest.batchSize})`, '$/M events', [
        totals.oursBatch,
      ]),
      metric(
        'ours_batch_vs_reference',
        'ours (batch) ÷ reference',
        'fraction',
        [totals.oursBatch / totals.reference],
        { comparison: '<=', value: 0.2, text: '≤ 1/5' },
      ),
      metric('ours_single_vs_reference', 'ours (single) ÷ reference', 'fraction', [
        totals.oursSingle / totals.reference,
      ]),
    ],
    details: {
      lineItemsUsdPerMillion: {
        reference: round(reference),
        oursSingle: round(oursSingle),
        oursBatch: round(oursBatch),
      },
    },
  };
}
