import { aValidEvent } from '@fluxa/testing';
import type { Exchange } from './helpers/recordingFetch';
import { useClientStack } from './helpers/stack';

// The key may make 2 requests a second, 2 at once: API Gateway's usage-plan throttling as
// the local stack enforces it (429 with Retry-After).
const testStack = useClientStack({ env: { FLUXA_RATE_LIMIT: '2', FLUXA_RATE_BURST: '2' } });

/**
 * Every throttled exchange's events were sent again no sooner than its Retry-After after the
 * 429 arrived — and there was at least one, or the test proved nothing.
 */
function expectRetryAfterHonoured(exchanges: Exchange[]): void {
  const throttled = exchanges.filter((exchange) => exchange.status === 429);
  expect(throttled.length).toBeGreaterThan(0);
  for (const exchange of throttled) {
    const resend = exchanges.find(
      (later) =>
        later.sentAt >= (exchange.answeredAt ?? 0) &&
        later.eventIds.join() === exchange.eventIds.join(),
    );
    expect(resend).toBeDefined();
    const waitedMs = (resend?.sentAt ?? 0) - (exchange.answeredAt ?? 0);
    expect(waitedMs).toBeGreaterThanOrEqual(Number(exchange.retryAfter) * 1000);
  }
}

describe('a throttled key', () => {
  it('has send() retry a 429 no sooner than its Retry-After, and stores every event once', async () => {
    // Prepare
    const { client, exchanges } = testStack().recordedClient({ retryDeadlineMs: 60_000 });
    const events = Array.from({ length: 6 }, () => aValidEvent());
    const ids = events.map((event) => event.event_id);

    // Act
    const accepted = await Promise.all(events.map((event) => client.send(event)));
    await testStack().waitUntilStored(ids);

    // Assess
    expect(accepted.map((body) => body.event_id)).toEqual(ids);
    expectRetryAfterHonoured(exchanges);
    expect(await testStack().rowCounts(ids)).toEqual(ids.map(() => 1));
  }, 90_000);

  it('has enqueue() resend throttled batches after their Retry-After until each is accepted, each event stored once', async () => {
    // Prepare
    const { client, exchanges } = testStack().recordedClient({
      retryDeadlineMs: 60_000,
      maxBatchEvents: 3,
      maxConcurrentBatches: 4,
    });
    const events = Array.from({ length: 18 }, () => aValidEvent());
    const ids = events.map((event) => event.event_id);

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.close();
    await testStack().waitUntilStored(ids);

    // Assess
    expect(report).toEqual({ delivered: 18, undelivered: 0 });
    expectRetryAfterHonoured(exchanges);
    expect(await testStack().rowCounts(ids)).toEqual(ids.map(() => 1));
  }, 90_000);
});
