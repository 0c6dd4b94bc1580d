import { gzipSync } from 'node:zlib';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { validateAgainst } from '@fluxa/models';
import { aValidEvent } from '@fluxa/testing';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;

beforeEach(async () => {
  world = await createIngestWorld();
});

const bodyOf = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;

describe('POST /events/batch', () => {
  it('validates each event on its own and answers per item, in request order', async () => {
    // Prepare
    const good = [aValidEvent(), aValidEvent()];
    const bad = aValidEvent({ amount: 0 });

    // Act
    const result = await world.handler()(
      post('/events/batch', { events: [good[0], bad, good[1]] }),
    );

    // Assess
    expect(result.statusCode).toBe(202);
    const body = bodyOf(result);
    expect(validateAgainst('batchResult', body).ok).toBe(true);
    expect(body).toMatchObject({
      accepted: 2,
      rejected: 1,
      results: [
        { index: 0, status: 'enqueued', event_id: good[0]?.event_id },
        {
          index: 1,
          status: 'rejected',
          error: { code: 'VALIDATION_FAILED', details: [{ field: 'amount' }] },
        },
        { index: 2, status: 'enqueued', event_id: good[1]?.event_id },
      ],
    });
    expect(await world.queued()).toHaveLength(2);
  });

  it('enqueues 25 events through SendMessageBatch calls of at most 10', async () => {
    // Prepare
    const events = Array.from({ length: 25 }, () => aValidEvent());

    // Act
    const result = await world.handler()(post('/events/batch', { events }));

    // Assess
    expect(bodyOf(result)).toMatchObject({ accepted: 25, rejected: 0 });
    const ids = (await world.queued())
      .map((m) => m.MessageAttributes?.event_id?.StringValue)
      .sort();
    expect(ids).toEqual(events.map((e) => e.event_id).sort());
  });

  it.each([
    ['not an object', '[]'],
    ['no events key', '{"items":[]}'],
    ['an empty list', '{"events":[]}'],
    ['501 events', JSON.stringify({ events: Array.from({ length: 501 }, () => ({})) })],
  ])('answers 400 for a body that is %s', async (_name, body) => {
    // Act
    const result = await world.handler()(post('/events/batch', body));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });

  it('answers 413 for a batch over 4 MiB as sent, though it would fit 5 MiB once read', async () => {
    // Prepare: five events of 0.9 MiB, 4.5 MiB uncompressed
    const events = Array.from({ length: 5 }, () =>
      aValidEvent({ metadata: { pad: 'x'.repeat(900 * 1024) } }),
    );

    // Act
    const result = await world.handler()(post('/events/batch', { events }));

    // Assess
    expect(result.statusCode).toBe(413);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect(await world.queued()).toHaveLength(0);
  });

  it('accepts a gzip batch small as sent that inflates to between 4 and 5 MiB', async () => {
    // Prepare
    const events = Array.from({ length: 5 }, () =>
      aValidEvent({ metadata: { pad: 'x'.repeat(900 * 1024) } }),
    );
    const body = gzipSync(JSON.stringify({ events }));

    // Act
    const result = await world.handler()(
      post('/events/batch', body, { 'content-encoding': 'gzip' }),
    );

    // Assess
    expect(body.length).toBeLessThan(4 * 1024 * 1024);
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toMatchObject({ accepted: 5, rejected: 0 });
  });

  it('answers 413 for a gzip batch that inflates past 5 MiB', async () => {
    // Prepare
    const events = Array.from({ length: 6 }, () =>
      aValidEvent({ metadata: { pad: 'x'.repeat(1024 * 1024) } }),
    );
    const body = gzipSync(JSON.stringify({ events }));

    // Act
    const result = await world.handler()(
      post('/events/batch', body, { 'content-encoding': 'gzip' }),
    );

    // Assess
    expect(body.length).toBeLessThan(4 * 1024 * 1024);
    expect(result.statusCode).toBe(413);
  });

  it('answers 503 when no valid event could be enqueued', async () => {
    // Prepare
    const handler = world.handler({
      sqs: new SQSClient({ ...awsClientOptions(), endpoint: 'http://127.0.0.1:1', maxAttempts: 1 }),
    });

    // Act
    const result = await handler(post('/events/batch', { events: [aValidEvent(), aValidEvent()] }));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('marks items whose enqueue failed as retryable while others are accepted', async () => {
    // Prepare: the second event is over the inline limit and S3 refuses it (no such bucket).
    const handler = world.handler({
      config: { ...world.config, payloadBucket: 'no-such-bucket-here' },
    });
    const small = aValidEvent();
    const large = aValidEvent({ metadata: { pad: 'x'.repeat(300_000) } });

    // Act
    const result = await handler(post('/events/batch', { events: [small, large] }));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toMatchObject({
      accepted: 1,
      results: [
        { index: 0, status: 'enqueued' },
        { index: 1, status: 'failed', retryable: true, event_id: large.event_id },
      ],
    });
  });

  it('holds each item to MAX_EVENT_BYTES, rejecting an oversized item alone', async () => {
    // Prepare
    const small = aValidEvent();
    const large = aValidEvent({ metadata: { pad: 'p'.repeat(world.config.maxEventBytes) } });

    // Act
    const result = await world.handler()(post('/events/batch', { events: [small, large] }));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toMatchObject({
      accepted: 1,
      rejected: 1,
      results: [
        { index: 0, status: 'enqueued' },
        { index: 1, status: 'rejected', error: { code: 'PAYLOAD_TOO_LARGE' } },
      ],
    });
    expect(await world.queued()).toHaveLength(1);
  });
});
