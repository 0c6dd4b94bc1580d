import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { waitUntil } from '@fluxa/local-runtime';
import { benchEvents } from './benchEvents';
import { type Deadline, sleep } from './deadline';
import type { EndToEndOptions } from './endToEnd';
import type { Api } from './loadGenerator';

/** One offered rate of the search and what the queue did. */
export interface SearchStep {
  offeredRate: number;
  achievedRate: number;
  depthSlopePerSecond: number;
  finalDepth: number;
  flat: boolean;
  drainedSeconds: number | null;
}

/** Holds each rate for a step, sampling queue depth; stops at the first rate whose queue grows. */
export async function rateSearch(
  api: Api,
  sqs: SQSClient,
  queueUrl: string,
  options: EndToEndOptions,
  deadline: Deadline,
) {
  const depth = async () => {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes?.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };
  const steps: SearchStep[] = [];
  let sustained = 0;
  for (const rate of options.searchRates) {
    if (deadline.remainingMs() < options.stepSeconds * 1000 + 15_000) break;
    const requestsPerSecond = rate / options.searchBatchSize;
    const total = Math.round(requestsPerSecond * options.stepSeconds);
    // Built before the step starts, so generating them takes no CPU from the stack under load.
    const events = benchEvents(`rate${rate}`, total * options.searchBatchSize);
    const samples: [number, number][] = [];
    const started = performance.now();
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        samples.push([(performance.now() - started) / 1000, await depth()]);
        await sleep(500);
      }
    })();
    const inflight: Promise<number>[] = [];
    let accepted = 0;
    for (let i = 0; i < total && !deadline.passed(); i++) {
      const wait = started + (i * 1000) / requestsPerSecond - performance.now();
      if (wait > 1) await sleep(wait);
      const batch = events.slice(i * options.searchBatchSize, (i + 1) * options.searchBatchSize);
      inflight.push(
        api.post('/events/batch', { events: batch }).then(
          (status) => {
            if (status === 202) accepted += options.searchBatchSize;
            return status;
          },
          () => 0,
        ),
      );
    }
    await Promise.all(inflight);
    const elapsed = (performance.now() - started) / 1000;
    sampling = false;
    await sampler;
    const tail = samples.filter(([t]) => t >= 2);
    const slope = leastSquaresSlope(tail);
    const finalDepth = samples.at(-1)?.[1] ?? 0;
    const achievedRate = accepted / elapsed;
    const flat = (slope <= 0.05 * rate || finalDepth < 0.5 * rate) && achievedRate >= 0.9 * rate;
    const drainedSeconds = await secondsToEmpty(depth, Math.min(20_000, deadline.remainingMs()));
    steps.push({
      offeredRate: rate,
      achievedRate: Number(achievedRate.toFixed(1)),
      depthSlopePerSecond: Number(slope.toFixed(1)),
      finalDepth,
      flat,
      drainedSeconds: drainedSeconds === null ? null : Number(drainedSeconds.toFixed(1)),
    });
    if (!flat || drainedSeconds === null) break;
    sustained = rate;
  }
  return { sustained, steps };
}

/** Seconds until the queue is empty, or null when it is not within `budgetMs`. */
async function secondsToEmpty(
  depth: () => Promise<number>,
  budgetMs: number,
): Promise<number | null> {
  const started = performance.now();
  try {
    await waitUntil(async () => (await depth()) === 0, {
      timeoutMs: budgetMs,
      intervalMs: 250,
      what: 'empty queue',
    });
  } catch (error) {
    if (performance.now() - started >= budgetMs) return null; // not drained in time
    throw error; // the emulator failed to answer
  }
  return (performance.now() - started) / 1000;
}

function leastSquaresSlope(points: [number, number][]): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const meanX = points.reduce((s, [x]) => s + x, 0) / n;
  const meanY = points.reduce((s, [, y]) => s + y, 0) / n;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}
