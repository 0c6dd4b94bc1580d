import { setTimeout as sleep } from 'node:timers/promises';
import { FluxaClient } from '@fluxa/client';
import type { RunningStack } from '@fluxa/local';
import { cpuOfTrees } from '@fluxa/local-runtime';
import type { Replay } from '@fluxa/models';
import { deadlineIn } from './deadline';
import { latencyPhase, warmUp, withStackSession } from './loadGenerator';
import { cpuMsPerEvent } from './processCpu';
import { atMost, type MeasurementResult, metric } from './results';
import { storeEvents } from './storedEvents';
import { summarize } from './summary';

/** What replay runs with: stored events to replay, and the live load beside it. */
export interface ReplayOptions {
  events: number;
  /** Single POSTs per second, in phases of `seconds`: once without the replay, then during it. */
  rate: number;
  seconds: number;
  budgetMs: number;
}

/**
 * replay: on a local stack, `events` events stored an hour ago are replayed through the API
 * (`POST /replays`, then `GET /replays/{id}` until it is done: the stack's relay publishes it
 * page by page, live notifications first) — its seconds from created to finished, as the replay
 * reports them — and the ingest → queryable latency of live single POSTs while it runs, beside
 * the same load just before it.
 */
export async function measureReplay(
  stack: RunningStack,
  options: ReplayOptions,
): Promise<MeasurementResult> {
  const deadline = deadlineIn(options.budgetMs);
  const { info } = stack;
  const fluxa = new FluxaClient({ url: info.api_url, apiKey: info.api_key });
  return withStackSession(info, async ({ post, store }) => {
    const { sql } = store;
    const storedAt = new Date(Date.now() - 3_600_000);
    await storeEvents(sql, { prefix: 'replayed', rows: options.events, storedAt, notified: true });
    // As an hour-old table would be: vacuumed and checkpointed, not still being written out.
    await sql`vacuum analyze events`;
    await sql`checkpoint`;
    await warmUp(post, store, deadline);
    let phase = 0;
    const live = async () => {
      const load = {
        prefix: `replay-live${phase++}`,
        rate: options.rate,
        seconds: options.seconds,
      };
      return (await latencyPhase(post, store, load, deadline)).e2eMs;
    };
    const quiet = await live();
    const cpuBefore = cpuOfTrees(info.pids);
    const started = await fluxa.replay({
      // Exactly the stored events: the first was stored 1 ms after storedAt, one per millisecond.
      stored_after: storedAt.toISOString(),
      stored_before: new Date(storedAt.getTime() + options.events + 1_000).toISOString(),
    });
    if (started.matched !== options.events)
      throw new Error(`the replay matched ${started.matched}`);
    let replay: Replay | undefined;
    const running = () => (replay?.status ?? 'running') === 'running' && !deadline.passed();
    const watcher = (async () => {
      while (running()) {
        await sleep(250);
        replay = await fluxa.getReplay(started.replay_id);
      }
    })();
    const during: number[] = [];
    while (running()) during.push(...(await live()));
    await watcher;
    // Per replayed notification, the live load's CPU included (about 5% as many events).
    const cpu = cpuMsPerEvent(cpuBefore, cpuOfTrees(info.pids), replay?.published ?? 0);
    if (!replay || replay.status === 'failed')
      throw new Error(`the replay failed: ${replay?.error}`);
    // Its own times; one still running when the budget ran out is projected from its rate so far.
    const elapsed =
      (Date.parse(replay.finished_at ?? new Date().toISOString()) - Date.parse(replay.created_at)) /
      1000;
    const seconds =
      replay.status === 'done' ? elapsed : (elapsed * replay.matched) / replay.published;
    const p95 = { quiet: summarize(quiet).p95, during: summarize(during).p95 };
    return {
      name: 'replay',
      title: 'Replay of stored events on the local stack, beside live traffic',
      status: 'ok',
      parameters: { ...options },
      metrics: [
        metric(
          'seconds',
          `replay of ${options.events} events${replay.status === 'done' ? '' : ' (projected: unfinished)'}`,
          's',
          [seconds],
          atMost(60, '≤ 60 s'),
        ),
        metric(
          'p95_ratio',
          'live p95 during ÷ without',
          '×',
          [p95.during / p95.quiet],
          atMost(2, '≤ 2×'),
        ),
        metric('live_quiet_ms', `ingest → queryable at ${options.rate}/s, no replay`, 'ms', quiet),
        metric(
          'live_during_ms',
          `ingest → queryable at ${options.rate}/s, during it`,
          'ms',
          during,
        ),
      ],
      details: { replay, eventsPerSecond: replay.published / elapsed, cpuMsPerNotification: cpu },
    };
  });
}
