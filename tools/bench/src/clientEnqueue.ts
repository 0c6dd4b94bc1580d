import { FluxaClient } from '@fluxa/client';
import type { RunningStack } from '@fluxa/local';
import { cpuOfTrees, waitUntil } from '@fluxa/local-runtime';
import postgres from 'postgres';
import { benchEvents } from './benchEvents';
import { deadlineIn } from './deadline';
import { cpuMsPerEvent } from './processCpu';
import { atLeast, type MeasurementResult, metric } from './results';

/** What client-enqueue runs with: events per run, sent from this one process. */
export type ClientOptions = { events: number; runs: number; budgetMs: number };

/**
 * client-enqueue: this process sends `events` events through `@fluxa/client`'s `enqueue` with
 * its defaults (batches of up to 500, four in flight, gzip above 16 KiB) into a local stack,
 * awaiting each `enqueue`, then `close()`. Per run: events accepted per second; events stored
 * per second, until the last is in the database; the client's own CPU per event
 * (`process.cpuUsage`: this process does nothing else meanwhile) beside the API server's (the
 * stack's supervisor process: the API server running the authorizer and ingest bundles).
 */
export async function measureClientEnqueue(
  stack: RunningStack,
  options: ClientOptions,
): Promise<MeasurementResult> {
  const deadline = deadlineIn(options.budgetMs);
  const { info } = stack;
  const sql = postgres(info.database_url, { max: 1, onnotice: () => {} });
  const send = async (prefix: string, count: number) => {
    const events = benchEvents(prefix, count);
    const fluxa = new FluxaClient({ url: info.api_url, apiKey: info.api_key });
    const apiBefore = cpuOfTrees(info.pids);
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    for (const event of events) await fluxa.enqueue(event);
    const { undelivered } = await fluxa.close();
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const apiMs = cpuMsPerEvent(apiBefore, cpuOfTrees(info.pids), count).supervisor ?? NaN;
    if (undelivered > 0) throw new Error(`${prefix}: ${undelivered} events undelivered`);
    await waitUntil(
      async () => {
        const [row] = await sql<{ stored: number }[]>`
          select count(*)::int as stored from events where event_id like ${`${prefix}-%`}`;
        return row?.stored === count;
      },
      { timeoutMs: Math.max(1, deadline.remainingMs()), intervalMs: 100, what: `${prefix} stored` },
    );
    return {
      accepted: count / seconds,
      stored: count / ((performance.now() - started) / 1000),
      clientMs: (cpu.user + cpu.system) / 1000 / count,
      apiMs,
    };
  };
  try {
    await send('client-warm', 10_000); // JIT, the API's containers and pools: a run's worth
    const runs: Awaited<ReturnType<typeof send>>[] = [];
    for (let run = 0; run < options.runs && deadline.remainingMs() > 30_000; run++) {
      runs.push(await send(`client${run}`, options.events));
    }
    return {
      name: 'client-enqueue',
      title: '@fluxa/client enqueue from one process into the local stack (defaults)',
      status: 'ok',
      parameters: {
        ...options,
        runs: runs.length,
        client: 'new FluxaClient({ url, apiKey }): defaults',
      },
      metrics: [
        metric(
          'accepted',
          'events accepted (enqueue → close)',
          'events/s',
          runs.map((r) => r.accepted),
          atLeast(4_000, '≥ 4,000/s'),
        ),
        metric(
          'stored',
          'events stored (enqueue → last stored)',
          'events/s',
          runs.map((r) => r.stored),
          atLeast(2_000, '≥ 2,000/s'),
        ),
        metric(
          'client_cpu_ms',
          "the client's CPU per event",
          'ms',
          runs.map((r) => r.clientMs),
        ),
        metric(
          'api_cpu_ms',
          "the API server's CPU per event",
          'ms',
          runs.map((r) => r.apiMs),
        ),
      ],
      details: { runs },
    };
  } finally {
    await sql.end({ timeout: 2 });
  }
}
