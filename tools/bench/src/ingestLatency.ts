import { readIngestConfig } from '@fluxa/config';
import { createIngestHandler } from '@fluxa/ingest';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import type { BatchResult } from '@fluxa/models';
import { benchAuthorizer, benchEvents } from './benchEvents';
import { type CallCounts, countCalls, perThousandEvents } from './callCounter';
import { deadlineIn } from './deadline';
import type { BenchEnvironment } from './environment';
import { quiet } from './quiet';
import { type MeasurementResult, metric } from './results';
import { summarize } from './summary';

/** What ingest-latency runs with. */
export interface IngestOptions {
  singleRequests: number;
  batchRequests: number;
  batchSize: number;
  budgetMs: number;
}

/** What the cost model takes from this measurement: median handler ms and SQS calls. */
export interface IngestCost {
  singleRequestMs: number;
  batchRequestMs: number;
  batchSize: number;
  sqsPer1000: { single: CallCounts; batch: CallCounts };
}

/**
 * ingest-latency: the handler time of POST /events and POST /events/batch, `createIngestHandler`
 * called in-process with API Gateway proxy events against the emulator's SQS (what a Lambda
 * bills), and the SQS calls each makes per 1,000 events, counted by an SDK middleware.
 */
export async function measureIngestLatency(
  env: BenchEnvironment,
  options: IngestOptions,
): Promise<{ result: MeasurementResult; cost: IngestCost }> {
  const deadline = deadlineIn(options.budgetMs);
  const aws = await env.provision('bench-ingest');
  const { sqs, s3 } = env.clients();
  const counter = countCalls(sqs);
  const handler = createIngestHandler({
    config: readIngestConfig({
      QUEUE_URL: aws.queueUrl,
      PAYLOAD_BUCKET: aws.bucket,
      LOG_LEVEL: 'silent',
    }),
    sqs,
    s3: async () => s3,
    ...quiet('ingest'),
  });
  const events = benchEvents(
    'ingest',
    50 + options.singleRequests + (3 + options.batchRequests) * options.batchSize,
  );
  let next = 0;
  const time = async (count: number, route: '/events' | '/events/batch') => {
    const times: number[] = [];
    for (let i = 0; i < count && !deadline.passed(); i++) {
      const size = route === '/events' ? 1 : options.batchSize;
      const taken = events.slice(next, next + size);
      next += size;
      const request = apiGatewayEvent({
        method: 'POST',
        resource: route,
        authorizer: benchAuthorizer,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(route === '/events' ? taken[0] : { events: taken }),
      });
      const t0 = performance.now();
      const response = await handler(request);
      times.push(performance.now() - t0);
      const accepted =
        route === '/events' ? 1 : (JSON.parse(response.body) as BatchResult).accepted;
      if (response.statusCode !== 202 || accepted !== size) {
        throw new Error(`ingest answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
      }
    }
    return { times, calls: counter.take() };
  };
  await time(50, '/events'); // warm-up: JIT, keep-alive sockets
  await time(3, '/events/batch');
  const single = await time(options.singleRequests, '/events');
  const batch = await time(options.batchRequests, '/events/batch');
  const sqsPer1000 = {
    single: perThousandEvents(single.calls, single.times.length),
    batch: perThousandEvents(batch.calls, batch.times.length * options.batchSize),
  };
  return {
    result: {
      name: 'ingest-latency',
      title: 'Ingest handler time (in-process, emulator SQS)',
      status: 'ok',
      parameters: {
        ...options,
        singleRequests: single.times.length,
        batchRequests: batch.times.length,
      },
      metrics: [
        metric('single_ms', 'POST /events, per request', 'ms', single.times),
        metric(
          'batch_ms_per_event',
          `POST /events/batch (${options.batchSize}), per event`,
          'ms',
          batch.times.map((ms) => ms / options.batchSize),
        ),
      ],
      details: { sqsPer1000Events: sqsPer1000 },
    },
    cost: {
      singleRequestMs: summarize(single.times).median,
      batchRequestMs: summarize(batch.times).median,
      batchSize: options.batchSize,
      sqsPer1000,
    },
  };
}
