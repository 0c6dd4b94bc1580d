import type { IngestConfig } from '@fluxa/config';
import { createIngestHandler } from '@fluxa/ingest';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { createLogger } from '@fluxa/logging';
import { createMetrics } from '@fluxa/metrics';
import type { BatchResult } from '@fluxa/models';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { benchAuthorizer } from './benchCaller';
import { type BenchEvent, benchEvents, eventPayloadBytes } from './benchEvents';
import { type CallCounts, countCalls, perThousandEvents } from './callCounter';
import { Deadline } from './deadline';
import type { BenchEnvironment } from './environment';
import { timeRequests } from './handlerTiming';
import type { IngestLatencyOptions } from './options';
import { type MeasurementResult, metric } from './results';
import { median } from './summary';

/** What the cost model takes from this measurement. */
export interface IngestCostInputs {
  memoryMb: number;
  /** Median handler time of one POST /events (ms). */
  singleRequestMs: number;
  /** Median handler time of one POST /events/batch (ms) and its size. */
  batchRequestMs: number;
  batchSize: number;
  /** Counted SQS calls and billed requests per 1,000 events. */
  singleSqsPer1000: CallCounts;
  batchSqsPer1000: CallCounts;
}

/** Terraform's ingest memory (modules/stateless, ingest_memory_size): for GB-s. */
const ingestMemoryMb = 512;

/**
 * ingest-latency: in-process handler time of POST /events and POST
 * /events/batch against the emulator's SQS (no HTTP in front), and the SQS
 * calls each makes per 1,000 events, counted by an SDK middleware.
 */
export async function measureIngestLatency(
  env: BenchEnvironment,
  options: IngestLatencyOptions,
): Promise<{ result: MeasurementResult; costInputs: IngestCostInputs }> {
  const deadline = new Deadline(options.budgetMs);
  const aws = await env.provision('bench-ingest');
  const { sqs, s3 } = env.clients();
  const counter = countCalls(sqs, s3);
  const config: IngestConfig = {
    stage: 'bench',
    logLevel: 'silent',
    queueUrl: aws.queueUrl,
    payloadBucket: aws.bucket,
    maxEventBytes: 1024 * 1024,
    sqsMaxMessageBytes: 262_144,
    suppressionCacheSeconds: 60,
  };
  const handler = createIngestHandler({
    config,
    sqs,
    s3: async () => s3,
    logger: createLogger('ingest', { level: 'silent' }),
    metrics: createMetrics('ingest', () => {}),
  });
  const warmUp = { single: 50, batches: 3 };
  const events = benchEvents(
    'ingest',
    warmUp.single +
      options.singleRequests +
      (warmUp.batches + options.batchRequests) * options.batchSize,
  );
  let sequence = 0;
  const nextEvent = () => events[sequence++] as BenchEvent;
  const post = (resource: '/events' | '/events/batch', body: unknown): APIGatewayProxyEvent =>
    apiGatewayEvent({
      method: 'POST',
      resource,
      authorizer: benchAuthorizer,
      headers: { 'content-type': 'application/json', 'x-correlation-id': `bench-${sequence}` },
      body: JSON.stringify(body),
    });
  const singleRequest = () => post('/events', nextEvent());
  const batchRequest = () =>
    post('/events/batch', { events: Array.from({ length: options.batchSize }, nextEvent) });
  const accepted = (response: APIGatewayProxyResult) => {
    if (response.statusCode !== 202) {
      throw new Error(`ingest answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    }
  };
  const acceptedWhole = (response: APIGatewayProxyResult) => {
    accepted(response);
    const result = JSON.parse(response.body) as BatchResult;
    if (result.accepted !== options.batchSize) throw new Error(`batch accepted ${result.accepted}`);
  };
  const time = (count: number, build: () => APIGatewayProxyEvent, check = accepted) =>
    timeRequests(handler, count, build, check, deadline);

  await time(warmUp.single, singleRequest); // warm-up: JIT, keep-alive sockets
  await time(warmUp.batches, batchRequest, acceptedWhole);
  counter.reset();
  const single = await time(options.singleRequests, singleRequest);
  const singleCalls = counter.snapshot();
  counter.reset();
  const batch = await time(options.batchRequests, batchRequest, acceptedWhole);
  const batchCalls = counter.snapshot();

  const singleEvents = single.length;
  const batchEvents = batch.length * options.batchSize;
  const singleSqsPer1000 = perThousandEvents(singleCalls, singleEvents);
  const batchSqsPer1000 = perThousandEvents(batchCalls, batchEvents);
  const perEvent = batch.map((ms) => ms / options.batchSize);
  const sqsCalls = (counts: CallCounts) => [
    counts.calls.SendMessage ?? 0,
    counts.calls.SendMessageBatch ?? 0,
  ];
  const [singleSends] = sqsCalls(singleSqsPer1000);
  const [, batchSends] = sqsCalls(batchSqsPer1000);
  return {
    result: {
      name: 'ingest-latency',
      title: 'Ingest handler time per event (in-process, emulator SQS)',
      status: 'ok',
      parameters: {
        singleRequests: singleEvents,
        batchRequests: batch.length,
        batchSize: options.batchSize,
        eventPayloadBytes,
        transport:
          'createIngestHandler called in-process with API Gateway proxy events; SQS = emulator over HTTP',
      },
      metrics: [
        metric('single_ms_per_event', 'POST /events, per event', 'ms', single),
        metric(
          'batch_ms_per_event',
          `POST /events/batch (${options.batchSize}), per event`,
          'ms',
          perEvent,
        ),
        metric(
          'batch_ms_per_request',
          `POST /events/batch (${options.batchSize}), per request`,
          'ms',
          batch,
        ),
        metric('single_sqs_calls_per_1000', 'POST /events: SQS calls per 1,000 events', 'calls', [
          singleSends ?? 0,
        ]),
        metric(
          'batch_sqs_calls_per_1000',
          'POST /events/batch: SQS calls per 1,000 events',
          'calls',
          [batchSends ?? 0],
        ),
      ],
      details: {
        awsCallsPer1000Events: { single: singleSqsPer1000, batch: batchSqsPer1000 },
        counted: { single: singleCalls, batch: batchCalls },
      },
    },
    costInputs: {
      memoryMb: ingestMemoryMb,
      singleRequestMs: median(single),
      batchRequestMs: median(batch),
      batchSize: options.batchSize,
      singleSqsPer1000,
      batchSqsPer1000,
    },
  };
}
