import { aValidEvent } from '@fluxa/testing';
import { FluxaClient } from '../src/index';
import { type Exchange, recordingFetch } from './helpers/recordingFetch';
import { apiKey, type ClientStack, startClientStack } from './helpers/stack';

let stack: ClientStack;

// The key may make 2 requests a second, 2 at once: API Gateway's usage-plan throttling as
// the local stack enforces it (429 with Retry-After).
beforeAll(async () => {
  stack = await startClientStack({ env: { FLUXA_RATE_LIMIT: '2', FLUXA_RATE_BURST: '2' } });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/**
 * For each throttled exchange, how long after its 429 arrived the same events were sent
 * again, next to the Retry-After it carried (ms).
 */
function resendDelays(exchanges: Exchange[]): Array<{ waitedMs: number; askedMs: number }> {
  return exchanges.flatMap((exchange, index) => {
    if (exchange.status !== 429) return [];
    const key = exchange.eventIds.join();
    const resend = exchanges.slice(index + 1).find((later) => later.eventIds.join() === key);
    if (!resend || exchange.answeredAt === undefined) return [];
    return [
      {
        waitedMs: resend.sentAt - exchange.answeredAt,
        askedMs: Number(exchange.retryAfter) * 1000,
      },
    ];
  });
}

describe('a throttled key', () => {
  it('has send() retry a 429 no sooner than its Retry-After, and stores every event once', async () => {
    // Prepare
    const recorder = recordingFetch();
    const client = new FluxaClient({
      url: stack.url,
      apiKey,
      fetch: recorder.fetch,
      retryDeadlineMs: 60_000,
    });
    const events = Array.from({ length: 6 }, () => aValidEvent());

    // Act
    const accepted = await Promise.all(events.map((event) => client.send(event)));
    await stack.waitUntilStored(events.map((event) => event.event_id));

    // Assess
    const delays = resendDelays(recorder.exchanges);
    expect(accepted.map((body) => body.event_id)).toEqual(events.map((event) => event.event_id));
    expect(delays.length).toBeGreaterThan(0);
    for (const { waitedMs, askedMs } of delays) expect(waitedMs).toBeGreaterThanOrEqual(askedMs);
    const rows = await stack.rowsOf(events.map((event) => event.event_id));
    expect([...rows.values()]).toEqual(events.map(() => 1));
  }, 90_000);

  it('has enqueue() resend throttled batches after their Retry-After until each is accepted, each event stored once', async () => {
    // Prepare
    const recorder = recordingFetch();
    const client = new FluxaClient({
      url: stack.url,
      apiKey,
      fetch: recorder.fetch,
      retryDeadlineMs: 60_000,
      maxBatchEvents: 3,
      maxConcurrentBatches: 4,
    });
    const events = Array.from({ length: 18 }, () => aValidEvent());

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.close();
    await stack.waitUntilStored(events.map((event) => event.event_id));

    // Assess
    const delays = resendDelays(recorder.exchanges);
    expect(report).toEqual({ delivered: 18, undelivered: 0 });
    expect(delays.length).toBeGreaterThan(0);
    for (const { waitedMs, askedMs } of delays) expect(waitedMs).toBeGreaterThanOrEqual(askedMs);
    const rows = await stack.rowsOf(events.map((event) => event.event_id));
    expect([...rows.values()]).toEqual(events.map(() => 1));
  }, 90_000);
});
