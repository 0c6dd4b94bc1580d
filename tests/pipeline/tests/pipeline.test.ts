import { GetObjectCommand } from '@aws-sdk/client-s3';
import { canonicalJson, validateAgainst } from '@fluxa/models';
import { createPipeline, type Pipeline } from './helpers/pipeline';

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline();
});

afterAll(async () => {
  await pipeline.close();
});

describe('ingest → queue → processor → query', () => {
  it.each([
    ['INLINE', 1_000],
    ['S3', 400_000],
  ])('stores an %s event and serves back exactly what was sent', async (mode, padding) => {
    // Prepare
    const event = {
      event_id: `pipe-${mode}-${Date.now()}`,
      user_id: 'pipeline-user',
      amount: 1999.99,
      currency: 'USD',
      merchant: 'Pipeline Store',
      timestamp: '2026-05-05T05:05:05.5+02:00',
      metadata: { pad: 'p'.repeat(padding), nested: { ok: true } },
    };

    // Act
    const accepted = await pipeline.post('/events', JSON.stringify(event));
    await pipeline.process(1);
    const fetched = await pipeline.get('/events/{event_id}', { event_id: event.event_id });

    // Assess
    expect(accepted.statusCode).toBe(202);
    expect(fetched.status).toBe(200);
    const record = fetched.body;
    expect(validateAgainst('storedRecord', record).ok).toBe(true);
    expect(record.payload_mode).toBe(mode);
    expect(record).toMatchObject({
      amount: 1999.99,
      currency: 'USD',
      merchant: 'Pipeline Store',
      timestamp: '2026-05-05T03:05:05.500000Z',
      metadata: event.metadata,
    });
    expect(canonicalJson(record.metadata)).toBe(canonicalJson(event.metadata));
  });
});

describe('two large payloads sent at once under one event id', () => {
  it('stores one and dead-letters the other as a conflict, whose payload stays readable for a redrive', async () => {
    // Prepare: two different payloads over the inline limit, one event id
    const eventId = `pipe-race-${Date.now()}`;
    const eventWith = (amount: number) =>
      JSON.stringify({
        event_id: eventId,
        user_id: 'race-user',
        amount,
        currency: 'USD',
        merchant: 'Race Store',
        timestamp: '2026-05-05T05:05:05Z',
        metadata: { pad: 'r'.repeat(400_000) },
      });

    // Act
    const answers = await Promise.all([
      pipeline.post('/events', eventWith(1)),
      pipeline.post('/events', eventWith(2)),
    ]);
    await pipeline.process(2);
    const stored = await pipeline.get('/events/{event_id}', { event_id: eventId });
    const [letter, ...others] = await pipeline.deadLetters();

    // Assess
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    expect(stored.status).toBe(200);
    expect(others).toHaveLength(0);
    expect(letter?.attributes.error_code).toBe('EVENT_ID_CONFLICT');
    const envelope = JSON.parse(letter?.body ?? '{}') as {
      s3_bucket: string;
      s3_key: string;
      payload_sha256: string;
    };
    const object = await pipeline.clients.s3.send(
      new GetObjectCommand({ Bucket: envelope.s3_bucket, Key: envelope.s3_key }),
    );
    const loser = JSON.parse((await object.Body?.transformToString()) ?? '{}') as {
      amount: number;
    };
    expect(loser.amount).toBe(3 - (stored.body.amount as number));
  });
});
