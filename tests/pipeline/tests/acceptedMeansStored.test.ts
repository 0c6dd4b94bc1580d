import { type EventCase, type ExpectedRecord, eventCase, withEventId } from '@fluxa/testing';
import fc from 'fast-check';
import { createPipeline, type Pipeline } from './helpers/pipeline';

/** Cases per property: a few hundred in `make test`, thousands under `make fuzz`. */
const runs = Number(process.env.FLUXA_PROPERTY_RUNS ?? 300);

let pipeline: Pipeline;

beforeAll(async () => {
  pipeline = await createPipeline();
});

afterAll(async () => {
  await pipeline.close();
});

/** The stored record's client-visible fields, for comparison with the expectation. */
function visible(record: Record<string, unknown>): ExpectedRecord {
  return {
    event_id: record.event_id as string,
    user_id: record.user_id as string,
    amount: record.amount as number,
    currency: record.currency as string,
    merchant: record.merchant as string,
    timestamp: record.timestamp as string,
    metadata: record.metadata,
  };
}

async function expectStoredAsSent(eventId: string, expected: ExpectedRecord): Promise<void> {
  const stored = await pipeline.get('/events/{event_id}', { event_id: eventId });
  expect(stored.status).toBe(200);
  expect(visible(stored.body)).toEqual({ ...expected, event_id: eventId });
  const status = await pipeline.get('/events/{event_id}/status', { event_id: eventId });
  expect(status.body.status).toBe('stored');
}

describe('accepted means stored', () => {
  it('answers every event 202 exactly when it is valid, and stores every 202 as sent', async () => {
    await fc.assert(
      fc.asyncProperty(eventCase, async (generated: EventCase) => {
        // Prepare
        const sent = withEventId(generated);

        // Act
        const reply = await pipeline.post('/events', sent.body);

        // Assess
        const body = JSON.parse(reply.body) as { event_id?: string; error?: { code: string } };
        if (!sent.valid) {
          expect({ status: reply.statusCode, code: body.error?.code }).toEqual({
            status: 400,
            code: 'VALIDATION_FAILED',
          });
          return;
        }
        expect(reply.statusCode).toBe(202);
        await pipeline.process(1);
        await expectStoredAsSent(body.event_id as string, sent.expected as ExpectedRecord);
      }),
      { numRuns: runs },
    );
  });

  it('accepts exactly the valid items of a batch and stores each of them as sent', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventCase, { minLength: 1, maxLength: 12 }), async (generated) => {
        // Prepare
        const sent = generated.map((item) => withEventId(item));

        // Act
        const reply = await pipeline.post(
          '/events/batch',
          `{"events":[${sent.map((s) => s.body).join(',')}]}`,
        );

        // Assess
        expect(reply.statusCode).toBe(202);
        const { results } = JSON.parse(reply.body) as {
          results: { index: number; status: string; event_id?: string }[];
        };
        expect(results.map((r) => r.status)).toEqual(
          sent.map((s) => (s.valid ? 'enqueued' : 'rejected')),
        );
        await pipeline.process(sent.filter((s) => s.valid).length);
        for (const [index, item] of sent.entries()) {
          if (item.valid)
            await expectStoredAsSent(
              results[index]?.event_id as string,
              item.expected as ExpectedRecord,
            );
        }
      }),
      { numRuns: Math.ceil(runs / 5) },
    );
  });
});
