import { gzipSync } from 'node:zlib';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { awsClientOptions } from '@fluxa/config';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { canonicalJson, validateAgainst } from '@fluxa/models';
import { sha256Hex } from '@fluxa/storage';
import { asCaller, aValidEvent } from '@fluxa/testing';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;

beforeEach(async () => {
  world = await createIngestWorld();
});

const bodyOf = (result: { body: string }) => JSON.parse(result.body) as Record<string, unknown>;
const unreachable = { endpoint: 'http://127.0.0.1:1', maxAttempts: 1 };

describe('POST /events', () => {
  it('answers 202 and enqueues an INLINE envelope with the canonical payload and its hash', async () => {
    // Prepare
    const event = aValidEvent({ metadata: { b: 1, a: 2 } });

    // Act
    const result = await world.handler()(
      post('/events', event, { 'X-Correlation-ID': 'order-77' }),
    );

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result)).toEqual({
      event_id: event.event_id,
      status: 'enqueued',
      correlation_id: 'order-77',
    });
    const [message] = await world.queued();
    const envelope = JSON.parse(message?.Body ?? '{}');
    expect(validateAgainst('envelope', envelope).ok).toBe(true);
    expect(envelope).toMatchObject({
      v: 2,
      tenant_id: 'default',
      payload_mode: 'INLINE',
      event_id: event.event_id,
      correlation_id: 'order-77',
    });
    expect(envelope.payload_inline).toBe(canonicalJson(event));
    expect(envelope.payload_sha256).toBe(sha256Hex(envelope.payload_inline));
    expect(message?.MessageAttributes?.correlation_id?.StringValue).toBe('order-77');
    expect(message?.MessageAttributes?.event_id?.StringValue).toBe(event.event_id);
  });

  it('carries a valid traceparent header as a message attribute, and ignores an invalid one', async () => {
    // Prepare
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const traced = aValidEvent();
    const garbled = aValidEvent();

    // Act
    await world.handler()(post('/events', traced, { traceparent }));
    await world.handler()(post('/events', garbled, { traceparent: 'not-a-trace' }));

    // Assess
    const byId = new Map(
      (await world.queued()).map((m) => [m.MessageAttributes?.event_id?.StringValue, m]),
    );
    expect(byId.get(traced.event_id)?.MessageAttributes?.traceparent?.StringValue).toBe(
      traceparent,
    );
    expect(byId.get(garbled.event_id)?.MessageAttributes?.traceparent).toBeUndefined();
  });

  it('generates a UUIDv7 event_id when the event has none', async () => {
    // Prepare
    const { event_id: _none, ...event } = aValidEvent();

    // Act
    const result = await world.handler()(post('/events', event));

    // Assess
    expect(result.statusCode).toBe(202);
    expect(bodyOf(result).event_id).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('puts the security headers and the correlation id on every response', async () => {
    // Act
    const accepted = await world.handler()(post('/events', aValidEvent()));
    const rejected = await world.handler()(post('/events', '{'));

    // Assess
    for (const result of [accepted, rejected]) {
      expect(result.headers).toMatchObject({
        'Content-Type': 'application/json',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      expect(result.headers?.['X-Correlation-ID']).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
    }
  });

  it('reads headers in any case and replaces an unusable correlation id with a UUID', async () => {
    // Act
    const given = await world.handler()(
      post('/events', aValidEvent(), { 'x-CORRELATION-id': 'abc.123:x-y_z' }),
    );
    const tooLong = await world.handler()(
      post('/events', aValidEvent(), { 'X-Correlation-ID': 'a'.repeat(129) }),
    );
    const badChars = await world.handler()(
      post('/events', aValidEvent(), { 'X-Correlation-ID': 'no spaces!' }),
    );

    // Assess
    expect(given.headers?.['X-Correlation-ID']).toBe('abc.123:x-y_z');
    for (const result of [tooLong, badChars]) {
      expect(result.headers?.['X-Correlation-ID']).toMatch(/^[0-9a-f-]{36}$/);
      expect(bodyOf(result).correlation_id).toBe(result.headers?.['X-Correlation-ID']);
    }
  });

  it('answers 400 INVALID_JSON for a body that is not JSON and enqueues nothing', async () => {
    // Act
    const result = await world.handler()(post('/events', '{"amount": 1,'));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'INVALID_JSON' } });
    expect(validateAgainst('errorBody', bodyOf(result)).ok).toBe(true);
    expect(await world.queued()).toHaveLength(0);
  });

  it('answers 400 VALIDATION_FAILED listing every violation at once, and enqueues nothing', async () => {
    // Prepare
    const { merchant: _dropped, ...event } = {
      ...aValidEvent({ amount: -1, currency: 'usd' }),
      colour: 'red',
    };

    // Act
    const result = await world.handler()(post('/events', event));

    // Assess
    expect(result.statusCode).toBe(400);
    const error = bodyOf(result).error as {
      code: string;
      details: { field: string; code: string }[];
    };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.map((d) => [d.field, d.code]).sort()).toEqual([
      ['amount', 'INVALID_VALUE'],
      ['colour', 'UNKNOWN_FIELD'],
      ['currency', 'INVALID_VALUE'],
      ['merchant', 'MISSING_FIELD'],
    ]);
    expect(await world.queued()).toHaveLength(0);
  });

  it('answers 413 for a body over MAX_EVENT_BYTES', async () => {
    // Prepare
    const handler = world.handler({ config: { ...world.config, maxEventBytes: 2048 } });

    // Act
    const result = await handler(
      post('/events', aValidEvent({ metadata: { pad: 'x'.repeat(3000) } })),
    );

    // Assess
    expect(result.statusCode).toBe(413);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
  });

  it('refuses a gzip body that inflates past the limit with 413', async () => {
    // Prepare
    const bomb = gzipSync(
      Buffer.from(JSON.stringify(aValidEvent({ metadata: { pad: 'x'.repeat(2_000_000) } }))),
    );

    // Act
    const result = await world.handler()(
      apiGatewayEvent({
        method: 'POST',
        resource: '/events',
        authorizer: asCaller(),
        headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
        body: bomb,
      }),
    );

    // Assess
    expect(bomb.length).toBeLessThan(10_000);
    expect(result.statusCode).toBe(413);
  });

  it('answers 415 for a content type other than JSON', async () => {
    // Act
    const result = await world.handler()(
      post('/events', JSON.stringify(aValidEvent()), { 'Content-Type': 'text/plain' }),
    );

    // Assess
    expect(result.statusCode).toBe(415);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } });
  });

  it('accepts JSON with a charset, base64 bodies and gzip bodies', async () => {
    // Prepare
    const handler = world.handler();
    const json = (e: unknown) => JSON.stringify(e);

    // Act
    const results = await Promise.all([
      handler(
        post('/events', aValidEvent(), { 'Content-Type': 'application/json; charset=utf-8' }),
      ),
      handler(
        apiGatewayEvent({
          method: 'POST',
          resource: '/events',
          authorizer: asCaller(),
          headers: { 'content-type': 'application/json' },
          body: json(aValidEvent()),
          base64: true,
        }),
      ),
      handler(
        apiGatewayEvent({
          method: 'POST',
          resource: '/events',
          authorizer: asCaller(),
          headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
          body: gzipSync(json(aValidEvent())),
        }),
      ),
    ]);

    // Assess
    expect(results.map((r) => r.statusCode)).toEqual([202, 202, 202]);
    expect(await world.queued()).toHaveLength(3);
  });

  it('answers 503 when the queue is unavailable, without internals in the body', async () => {
    // Prepare
    const handler = world.handler({
      sqs: new SQSClient({ ...awsClientOptions(), ...unreachable }),
    });

    // Act
    const result = await handler(post('/events', aValidEvent()));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
    expect(result.body).not.toMatch(/127\.0\.0\.1|Error:|at \w+ \(/);
  });

  it('answers 503 and enqueues nothing when S3 is unavailable for a large payload', async () => {
    // Prepare
    const handler = world.handler({
      s3: async () => new S3Client({ ...awsClientOptions(), ...unreachable }),
    });

    // Act
    const result = await handler(
      post('/events', aValidEvent({ metadata: { pad: 'x'.repeat(300_000) } })),
    );

    // Assess
    expect(result.statusCode).toBe(503);
    expect(await world.queued()).toHaveLength(0);
  });

  it('answers 404 for a route it does not serve', async () => {
    // Act
    const result = await world.handler()(apiGatewayEvent({ method: 'GET', resource: '/nope' }));

    // Assess
    expect(result.statusCode).toBe(404);
    expect(bodyOf(result)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it.each([
    ['a character beyond the BMP', 'Coffee ☕🍩'],
    ['a non-character SQS refuses raw', 'Shop \uFFFE\uFFFF'],
    ['control characters', 'tab\there\u0001'],
  ])(
    'enqueues an event whose merchant holds %s, escaping what SQS cannot carry',
    async (_name, merchant) => {
      // Act
      const result = await world.handler()(post('/events', aValidEvent({ merchant })));

      // Assess
      expect(result.statusCode).toBe(202);
      const [message] = await world.queued();
      const envelope = JSON.parse(message?.Body ?? '{}') as { payload_inline: string };
      expect(JSON.parse(envelope.payload_inline).merchant).toBe(merchant);
    },
  );

  it.each([
    ['invalid UTF-8', Buffer.from('{"user_id":"\xff"}', 'latin1'), {}, 400, 'INVALID_JSON'],
    [
      'gzip of invalid UTF-8',
      gzipSync(Buffer.from([0x22, 0xc3, 0x28, 0x22])),
      { 'Content-Encoding': 'gzip' },
      400,
      'INVALID_JSON',
    ],
    [
      'a latin1 charset',
      JSON.stringify(aValidEvent()),
      { 'Content-Type': 'application/json; charset=latin1' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
    [
      'a quoted UTF-8 charset',
      JSON.stringify(aValidEvent()),
      { 'Content-Type': 'application/json; charset="UTF-8"' },
      202,
      undefined,
    ],
  ] as const)(
    'answers a body with %s %i, enqueuing only what it accepts',
    async (_name, body, headers, status, code) => {
      // Act
      const result = await world.handler()(post('/events', body, headers));

      // Assess
      expect(result.statusCode).toBe(status);
      if (code) expect(bodyOf(result)).toMatchObject({ error: { code } });
      expect(await world.queued()).toHaveLength(status === 202 ? 1 : 0);
    },
  );

  it('answers 400 INVALID_JSON for a member name repeated in one object (one body, two meanings)', async () => {
    // Prepare
    const text = JSON.stringify(aValidEvent({ amount: 1 })).replace(
      '"amount":1',
      '"amount":1,"amount":-5',
    );

    // Act
    const result = await world.handler()(post('/events', text));

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({
      error: { code: 'INVALID_JSON', message: 'body has the key "amount" twice in one object' },
    });
    expect(await world.queued()).toHaveLength(0);
  });
});
