import { createMetrics } from '@fluxa/metrics';
import { asCaller, aValidEvent, emfSums } from '@fluxa/testing';
import { createIngestWorld, type IngestWorld, post } from './helpers/world';

let world: IngestWorld;

beforeAll(async () => {
  world = await createIngestWorld();
});

describe('ingest metrics', () => {
  it("counts a batch's accepted and rejected events under the key's tenant and in total", async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('ingest', (line) => lines.push(line));
    const events = [aValidEvent(), aValidEvent({ amount: 0 }), aValidEvent()];

    // Act
    await world.handler({ metrics })(post('/events/batch', { events }, {}, asCaller('acme')));

    // Assess
    const sums = emfSums(lines);
    expect(sums.get('ingest_success{service=ingest}')).toBe(2);
    expect(sums.get('ingest_success{service=ingest,tenant_id=acme}')).toBe(2);
    expect(sums.get('ingest_failure{service=ingest,tenant_id=acme}')).toBe(1);
    expect(sums.get('ingest_failure{service=ingest,error=VALIDATION_FAILED}')).toBe(1);
  });

  it('counts a refusal without a key under its error only: no tenant is known', async () => {
    // Prepare
    const lines: string[] = [];
    const metrics = createMetrics('ingest', (line) => lines.push(line));

    // Act
    await world.handler({ metrics })(post('/events', aValidEvent(), {}, null));

    // Assess
    const sums = emfSums(lines);
    expect(sums.get('ingest_failure{service=ingest,error=UNAUTHORIZED}')).toBe(1);
    expect([...sums.keys()].filter((key) => key.includes('tenant_id'))).toEqual([]);
  });
});
