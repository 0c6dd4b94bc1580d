import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { IngestConfig } from '@fluxa/config';
import { canonicalJson, deadLetterAttributesMaxBytes, type EventInput } from '@fluxa/models';
import { encodeEnvelope, inlineEnvelope, messageSize } from '@fluxa/queue';
import { sha256Hex } from '@fluxa/storage';
import { aValidEvent } from '@fluxa/testing';
import { prepareEvent } from '../src/prepare';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;
const receivedAt = new Date('2026-06-01T12:00:00.000Z');

beforeEach(async () => {
  world = await createIngestWorld();
});

/** An event whose INLINE message is exactly `limit + delta` bytes (body + attributes). */
function eventSized(limit: number, delta: number): EventInput {
  const sized = (pad: number) =>
    aValidEvent({
      event_id: 'sized-event',
      timestamp: '2026-06-01T11:00:00Z',
      metadata: { pad: 'x'.repeat(pad) },
    }) as EventInput;
  const sizeOf = (event: EventInput) => {
    const payload = canonicalJson(event);
    return messageSize(
      encodeEnvelope(
        inlineEnvelope({
          tenantId: 'default',
          eventId: 'sized-event',
          correlationId: 'c-size',
          payload,
          sha256: sha256Hex(payload),
          receivedAt,
        }),
      ),
    );
  };
  const base = sizeOf(sized(0));
  const event = sized(limit + delta - base);
  expect(sizeOf(event)).toBe(limit + delta);
  return event;
}

describe('INLINE or S3', () => {
  const config = (): IngestConfig => world.config;

  /** The largest INLINE message: the limit less the room a dead letter's attributes need. */
  const largestInline = 262_144 - deadLetterAttributesMaxBytes;

  it('keeps a message INLINE up to the limit less the room for dead-letter attributes', () => {
    // Act
    const prepared = prepareEvent(eventSized(largestInline, 0), {
      tenantId: 'default',
      correlationId: 'c-size',
      receivedAt,
      config: config(),
    });

    // Assess
    expect(prepared.s3Object).toBeUndefined();
    expect(messageSize(prepared.message)).toBe(largestInline);
  });

  it('sends a message one byte over that through S3, under a key unique to its payload', () => {
    // Prepare
    const event = eventSized(largestInline, 1);
    const key = `raw/default/2026-06-01/sized-event/${sha256Hex(canonicalJson(event))}.json`;

    // Act
    const prepared = prepareEvent(event, {
      tenantId: 'default',
      correlationId: 'c-size',
      receivedAt,
      config: config(),
    });

    // Assess
    expect(prepared.s3Object?.key).toBe(key);
    expect(JSON.parse(prepared.message.body)).toMatchObject({ payload_mode: 'S3', s3_key: key });
  });

  it('stores the over-limit payload in S3 with the hash the envelope carries', async () => {
    // Prepare
    const event = eventSized(largestInline, 1);
    const handler = world.handler({ now: () => receivedAt });

    // Act
    const result = await handler(post('/events', event, { 'X-Correlation-ID': 'c-size' }));

    // Assess
    expect(result.statusCode).toBe(202);
    const [message] = await world.queued();
    const envelope = JSON.parse(message?.Body ?? '{}');
    const object = await world.s3.send(
      new GetObjectCommand({ Bucket: envelope.s3_bucket, Key: envelope.s3_key }),
    );
    const stored = await object.Body?.transformToString();
    expect(stored).toBe(canonicalJson(event));
    expect(sha256Hex(stored ?? '')).toBe(envelope.payload_sha256);
  });
});
