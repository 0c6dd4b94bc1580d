import { readFileSync } from 'node:fs';
import path from 'node:path';
import { waitUntil } from '@fluxa/local-runtime';
import { aValidEvent, freshEventId } from '@fluxa/testing';
import {
  ApiError,
  ClientClosedError,
  EventTooLargeError,
  FluxaClient,
  type FluxaClientOptions,
  type UndeliveredEvent,
} from '../src/index';
import { type Exchange, recordingFetch } from './helpers/recordingFetch';
import { limitingProxy } from './helpers/servers';
import { apiKey, readOnlyKey, useClientStack } from './helpers/stack';

/** The release the stack's bundles were built as: the root package.json's version. */
const rootPackage = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../../package.json'), 'utf8'),
) as { version: string };

const testStack = useClientStack();

const recordedClient = (options: Partial<FluxaClientOptions> = {}) =>
  testStack().recordedClient(options);

const batchRequests = (exchanges: Exchange[]) =>
  exchanges.filter((exchange) => exchange.path === '/events/batch');

/** `count` valid events, each with its own id. */
const validEvents = (count: number, overrides = {}) =>
  Array.from({ length: count }, () => aValidEvent(overrides));

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('send', () => {
  it('resolves with the 202 body, sends the correlation id asked for, and the event is stored', async () => {
    // Prepare
    const { client } = recordedClient();
    const event = aValidEvent();

    // Act
    const accepted = await client.send(event, { correlationId: 'order-7' });
    await testStack().waitUntilStored([event.event_id]);

    // Assess
    expect(accepted).toEqual({
      event_id: event.event_id,
      status: 'enqueued',
      correlation_id: 'order-7',
    });
    expect(await client.get(event.event_id)).toMatchObject({
      event_id: event.event_id,
      user_id: event.user_id,
      correlation_id: 'order-7',
    });
  });

  it('gives an event without an event_id a UUIDv7 before sending it, and that id is the one stored', async () => {
    // Prepare
    const { client, exchanges } = recordedClient();
    const { event_id: _none, ...event } = aValidEvent();

    // Act
    const accepted = await client.send(event);
    await testStack().waitUntilStored([accepted.event_id]);

    // Assess
    expect(accepted.event_id).toMatch(uuidV7);
    expect(exchanges.map((exchange) => exchange.eventIds)).toEqual([[accepted.event_id]]);
    expect(event).not.toHaveProperty('event_id');
  });

  it('throws an ApiError with every violation and the correlation id for an invalid event, after one request', async () => {
    // Prepare
    const { client, exchanges } = recordedClient();
    const event = { ...aValidEvent(), amount: -1, currency: 'usd', colour: 'red' };

    // Act
    const error = await client
      .send(event, { correlationId: 'bad-1' })
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      correlationId: 'bad-1',
      retryable: false,
    });
    expect((error as ApiError).details.map((detail) => detail.field).sort()).toEqual([
      'amount',
      'colour',
      'currency',
    ]);
    expect(exchanges).toHaveLength(1);
    expect(await testStack().rowCounts([event.event_id])).toEqual([0]);
  });

  it('throws FORBIDDEN for a key without the write scope, without retrying', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ apiKey: readOnlyKey });

    // Act
    const error = await client.send(aValidEvent()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toMatchObject({ name: 'ApiError', status: 403, code: 'FORBIDDEN' });
    expect(exchanges).toHaveLength(1);
  });
});

describe('sendBatch', () => {
  it('answers a result per event in request order: valid ones enqueued, an invalid one rejected with its violations', async () => {
    // Prepare
    const { client, exchanges } = recordedClient();
    const [first, second] = validEvents(2);
    const invalid = { ...aValidEvent(), merchant: '' };

    // Act
    const result = await client.sendBatch([first!, invalid, second!]);

    // Assess
    expect(exchanges).toHaveLength(1);
    expect(result).toMatchObject({ accepted: 2, rejected: 1 });
    expect(result.results).toEqual([
      { index: 0, status: 'enqueued', event_id: first!.event_id },
      {
        index: 1,
        status: 'rejected',
        error: expect.objectContaining({ code: 'VALIDATION_FAILED' }),
      },
      { index: 2, status: 'enqueued', event_id: second!.event_id },
    ]);
  });
});

describe('enqueue', () => {
  it('sends 1,200 events as batches of at most 500, and close() resolves once the API accepted every one', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ flushIntervalMs: 60_000 });
    const events = validEvents(1200);

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.close();

    // Assess
    const batches = batchRequests(exchanges);
    expect(batches.map((batch) => batch.eventIds.length).sort((a, b) => b - a)).toEqual([
      500, 500, 200,
    ]);
    expect(batches.every((batch) => batch.status === 202)).toBe(true);
    expect(batches.flatMap((batch) => batch.eventIds).sort()).toEqual(
      events.map((e) => e.event_id).sort(),
    );
    expect(report).toEqual({ delivered: 1200, undelivered: 0 });
    await testStack().waitUntilStored(events.map((event) => event.event_id));
    const ids = events.map((event) => event.event_id);
    expect(await testStack().rowCounts(ids)).toEqual(ids.map(() => 1));
  });

  it('cuts a batch before it holds more than maxBatchBytes of JSON', async () => {
    // Prepare
    const maxBatchBytes = 16 * 1024;
    const { client, exchanges } = recordedClient({ maxBatchBytes, flushIntervalMs: 60_000 });
    const events = validEvents(40, { metadata: { note: 'x'.repeat(900) } });

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.flush();

    // Assess
    const batches = batchRequests(exchanges);
    expect(report.delivered).toBe(40);
    expect(batches.length).toBeGreaterThan(2);
    expect(Math.max(...batches.map((batch) => batch.jsonBytes))).toBeLessThanOrEqual(maxBatchBytes);
    expect(batches.flatMap((batch) => batch.eventIds)).toHaveLength(40);
  });

  it('sends a partial batch once flushIntervalMs has passed, without flush() or close()', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ flushIntervalMs: 100 });
    const events = validEvents(3);

    // Act
    for (const event of events) await client.enqueue(event);
    await testStack().waitUntilStored(events.map((event) => event.event_id));

    // Assess
    expect(batchRequests(exchanges).map((batch) => batch.eventIds)).toEqual([
      events.map((e) => e.event_id),
    ]);
  });

  it('gzips a batch body of at least compressAboveBytes, and the service stores its events', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ compressAboveBytes: 4096 });
    const events = validEvents(50);

    // Act
    for (const event of events) await client.enqueue(event);
    await client.flush();
    await testStack().waitUntilStored(events.map((event) => event.event_id));

    // Assess
    const [batch] = batchRequests(exchanges);
    expect(batch).toMatchObject({ contentEncoding: 'gzip', status: 202 });
    expect(batch!.wireBytes).toBeLessThan(batch!.jsonBytes / 3);
  });

  it('sends a batch body under compressAboveBytes as plain JSON', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ compressAboveBytes: 1024 * 1024 });

    // Act
    await client.enqueue(aValidEvent());
    await client.flush();

    // Assess
    expect(batchRequests(exchanges)).toEqual([
      expect.objectContaining({ contentEncoding: undefined, status: 202 }),
    ]);
  });

  it('reports rejected events with their violations through onUndelivered, counts them in flush(), and never resends them', async () => {
    // Prepare
    const heard: UndeliveredEvent[] = [];
    const { client, exchanges } = recordedClient({
      onUndelivered: (events) => heard.push(...events),
    });
    const valid = validEvents(3);
    const invalid = { ...aValidEvent(), amount: 0 };

    // Act
    for (const event of [valid[0]!, invalid, ...valid.slice(1)]) await client.enqueue(event);
    const report = await client.flush();

    // Assess
    expect(report).toEqual({ delivered: 3, undelivered: 1 });
    expect(heard).toEqual([{ event: invalid, outcome: 'rejected', error: expect.any(ApiError) }]);
    expect(heard[0]!.error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [expect.objectContaining({ field: 'amount', code: 'INVALID_VALUE' })],
    });
    expect(batchRequests(exchanges)).toHaveLength(1);
  });

  it('splits a batch a gateway refuses as too large (413) until each part fits, and delivers every event once', async () => {
    // Prepare
    const maxBodyBytes = 20_000;
    const proxy = await limitingProxy(testStack().url, maxBodyBytes);
    const recorder = recordingFetch();
    const client = new FluxaClient({
      url: proxy.url,
      apiKey,
      fetch: recorder.fetch,
      compressAboveBytes: Number.POSITIVE_INFINITY,
    });
    const events = validEvents(100, { metadata: { note: 'x'.repeat(400) } });
    const ids = events.map((event) => event.event_id);

    // Act
    for (const event of events) await client.enqueue(event);
    const report = await client.close();
    await proxy.close();
    await testStack().waitUntilStored(ids);

    // Assess
    const statuses = new Set(recorder.exchanges.map((exchange) => exchange.status));
    const accepted = recorder.exchanges.filter((exchange) => exchange.status === 202);
    expect(report).toEqual({ delivered: 100, undelivered: 0 });
    expect(statuses).toEqual(new Set([413, 202]));
    expect(Math.max(...accepted.map((exchange) => exchange.wireBytes))).toBeLessThanOrEqual(
      maxBodyBytes,
    );
    expect(await testStack().rowCounts(ids)).toEqual(ids.map(() => 1));
  });

  it('refuses an event after close() with ClientClosedError', async () => {
    // Prepare
    const { client } = recordedClient();
    await client.close();

    // Act
    const error = await client.enqueue(aValidEvent()).catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(ClientClosedError);
    expect(error).toMatchObject({ code: 'CLIENT_CLOSED' });
  });

  it('refuses at once an event whose JSON alone exceeds maxBatchBytes', async () => {
    // Prepare
    const { client, exchanges } = recordedClient({ maxBatchBytes: 2048 });

    // Act
    const error = await client
      .enqueue(aValidEvent({ metadata: { note: 'x'.repeat(4096) } }))
      .catch((caught: unknown) => caught);

    // Assess
    expect(error).toBeInstanceOf(EventTooLargeError);
    expect(exchanges).toHaveLength(0);
  });
});

describe('reading', () => {
  it('gets a stored event and its status, and answers undefined for an id never sent', async () => {
    // Prepare
    const { client } = recordedClient();
    const event = aValidEvent();
    await client.send(event);
    await testStack().waitUntilStored([event.event_id]);

    // Act
    const record = await client.get(event.event_id);
    const status = await client.status(event.event_id);
    const missing = await client.get(freshEventId('never'));

    // Assess
    const { timestamp, ...fields } = event;
    expect(record).toMatchObject({ ...fields, tenant_id: 'default', payload_mode: 'INLINE' });
    expect(Date.parse(record!.timestamp)).toBe(Date.parse(timestamp));
    expect(status).toMatchObject({ event_id: event.event_id, status: 'stored' });
    expect(missing).toBeUndefined();
  });

  it("lists every page of a user's events, newest timestamp first", async () => {
    // Prepare
    const { client, exchanges } = recordedClient();
    const userId = freshEventId('lister');
    const events = Array.from({ length: 5 }, (_, index) =>
      aValidEvent({
        user_id: userId,
        timestamp: new Date(Date.now() - (index + 1) * 60_000).toISOString(),
      }),
    );
    await client.sendBatch(events);
    await testStack().waitUntilStored(events.map((event) => event.event_id));

    // Act
    const listed: string[] = [];
    for await (const record of client.list({ user_id: userId, limit: 2 }))
      listed.push(record.event_id);

    // Assess
    expect(listed).toEqual(events.map((event) => event.event_id));
    expect(exchanges.filter((exchange) => exchange.path === '/events')).toHaveLength(3);
  });

  it('answers health and readiness without a key, and refuses a keyed route without one', async () => {
    // Prepare
    const client = new FluxaClient({ url: `${testStack().url}/` });

    // Act
    const health = await client.health();
    const ready = await waitUntil(() => client.ready().catch(() => undefined), {
      timeoutMs: 10_000,
      what: 'the stack ready',
    });
    const error = await client.get('pay-1').catch((caught: unknown) => caught);

    // Assess
    expect(health).toEqual({ status: 'healthy', version: rootPackage.version });
    expect(ready).toMatchObject({ status: 'ready' });
    expect(error).toMatchObject({ name: 'ApiError', status: 401, code: 'UNAUTHORIZED' });
  });
});
