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
