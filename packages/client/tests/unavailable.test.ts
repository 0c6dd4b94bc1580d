import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitUntil } from '@fluxa/local-runtime';
import { aValidEvent } from '@fluxa/testing';
import {
  ApiError,
  BufferFullError,
  type FluxaClientOptions,
  type UndeliveredEvent,
} from '../src/index';
import { startTestEmulator, type TestEmulator } from './helpers/emulator';
import type { Exchange } from './helpers/recordingFetch';
import { type ClientStack, startClientStack } from './helpers/stack';

let emulator: TestEmulator;
let stack: ClientStack;

// The stack's SQS/SNS/S3 side is an emulator this file stops and starts: while it is down,
// ingest cannot enqueue and answers 503 SERVICE_UNAVAILABLE.
beforeAll(async () => {
  emulator = await startTestEmulator(mkdtempSync(path.join(tmpdir(), 'fluxa-client-emulator-')));
  stack = await startClientStack({ emulatorEndpoint: emulator.endpoint });
}, 120_000);

afterAll(async () => {
  await stack?.stop();
  await emulator?.stop();
});

/** Restarts the emulator after a test that failed while it was stopped. */
afterEach(async () => {
  if (!(await emulatorUp())) await emulator.start();
}, 60_000);

async function emulatorUp(): Promise<boolean> {
  return fetch(emulator.endpoint).then(
    () => true,
    () => false,
  );
}

/** A client that retries at least every half second, so a test sees the service come back soon. */
const recordedClient = (options: Partial<FluxaClientOptions> = {}) =>
  stack.recordedClient({ maxRetryDelayMs: 500, ...options });

/** How many answers were 503s so far. */
const answers503 = (exchanges: Exchange[]) =>
  exchanges.filter((exchange) => exchange.status === 503).length;

describe('while the service is unavailable', () => {
  it('retries 503s until the service is back, then every event is stored exactly once', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ retryDeadlineMs: 120_000 });
    const events = Array.from({ length: 30 }, () => aValidEvent());
    await emulator.stop();

    // Act
    for (const event of events) await client.enqueue(event);
    const flushed = client.flush();
    await waitUntil(() => answers503(exchanges) >= 1, { timeoutMs: 30_000, what: 'a 503' });
    await emulator.start();
    const report = await flushed;
    await stack.waitUntilStored(events.map((event) => event.event_id));

    // Assess
    expect(report).toEqual({ delivered: 30, undelivered: 0 });
    const ids = events.map((event) => event.event_id);
    expect(await stack.rowCounts(ids)).toEqual(ids.map(() => 1));
  }, 120_000);

  it('holds enqueue while the buffer is full, refuses at once when asked not to wait or aborted, and delivers all once back', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({
      retryDeadlineMs: 120_000,
      maxBufferedEvents: 10,
    });
    const events = Array.from({ length: 13 }, () => aValidEvent());
    const ids = events.map((event) => event.event_id);
    await emulator.stop();
    for (const event of events.slice(0, 10)) await client.enqueue(event);
    const flushed = client.flush();
    await waitUntil(() => answers503(exchanges) >= 1, { timeoutMs: 30_000, what: 'a 503' });

    // Act
    const refused = await client.enqueue(events[10]!, { wait: false }).catch((error) => error);
    let admitted = false;
    const waiting = client.enqueue(events[11]!).then((id) => {
      admitted = true;
      return id;
    });
    const giveUp = new AbortController();
    const abandoned = client
      .enqueue(events[12]!, { signal: giveUp.signal })
      .catch((error) => error);
    giveUp.abort(new Error('no longer wanted'));
    const seen = answers503(exchanges);
    await waitUntil(() => answers503(exchanges) > seen, { timeoutMs: 30_000, what: 'a retry' });
    const whileDown = { held: client.bufferedEvents, admitted };
    await emulator.start();
    const waitedId = await waiting;
    const reports = [await flushed, await client.close()];
    await stack.waitUntilStored([...ids.slice(0, 10), ids[11]!]);

    // Assess
    expect(refused).toBeInstanceOf(BufferFullError);
    expect(await abandoned).toEqual(new Error('no longer wanted'));
    expect(whileDown).toEqual({ held: 10, admitted: false });
    expect(waitedId).toBe(ids[11]);
    expect(reports).toEqual([
      { delivered: 10, undelivered: 0 },
      { delivered: 1, undelivered: 0 },
    ]);
    expect(await stack.rowCounts(ids)).toEqual([...Array(10).fill(1), 0, 1, 0]);
  }, 120_000);

  it('gives up after retryDeadlineMs and reports every event failed with the last 503, never dropping one', async () => {
    // Prepare
    const heard: UndeliveredEvent[] = [];
    const { client } = recordedClient({
      retryDeadlineMs: 2_000,
      onUndelivered: (undelivered) => heard.push(...undelivered),
    });
    const events = Array.from({ length: 5 }, () => aValidEvent());
    await emulator.stop();

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.close();

    // Assess
    expect(report).toEqual({ delivered: 0, undelivered: 5 });
    expect(heard.map((item) => item.event.event_id)).toEqual(events.map((e) => e.event_id));
    for (const item of heard) {
      expect(item.outcome).toBe('failed');
      expect(item.error).toBeInstanceOf(ApiError);
      expect(item.error).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryable: true,
      });
    }
  }, 60_000);
});
