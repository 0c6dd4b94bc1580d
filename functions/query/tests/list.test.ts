import { listEvents } from '@fluxa/db';
import { asCaller } from '@fluxa/testing';
import postgres from 'postgres';
import { aStoredEvent, bodyOf, createQueryWorld, get, type QueryWorld } from './helpers/world';

let world: QueryWorld;

beforeAll(async () => {
  world = await createQueryWorld();
});

afterAll(async () => {
  await world.close();
});

const list = (query: Record<string, string>, tenant = 'default') =>
  world.handler()(get('/events', { query, authorizer: asCaller(tenant) }));

describe('GET /events', () => {
  it('pages through a user’s events newest first with no gaps or repeats', async () => {
    // Prepare
    const events = Array.from({ length: 23 }, () => aStoredEvent({ user_id: 'pager' }));
    await world.store(events);
    const seen: string[] = [];

    // Act
    let cursor: string | null = null;
    do {
      const result = await list({ user_id: 'pager', limit: '5', ...(cursor ? { cursor } : {}) });
      const page = bodyOf(result) as { items: { event_id: string }[]; next_cursor: string | null };
      seen.push(...page.items.map((i) => i.event_id));
      cursor = page.next_cursor;
    } while (cursor);

    // Assess
    expect(seen).toEqual([...events].reverse().map((e) => e.event_id));
  });

  it('filters by correlation id and by a from/to window', async () => {
    // Prepare
    const events = [
      aStoredEvent({
        user_id: 'window',
        correlation_id: 'batch-9',
        timestamp: '2026-02-01T00:00:00Z',
      }),
      aStoredEvent({
        user_id: 'window',
        correlation_id: 'batch-9',
        timestamp: '2026-02-02T00:00:00Z',
      }),
      aStoredEvent({
        user_id: 'window',
        correlation_id: 'other',
        timestamp: '2026-02-03T00:00:00Z',
      }),
    ];
    await world.store(events);

    // Act
    const byCorrelation = bodyOf(await list({ correlation_id: 'batch-9' }));
    const inWindow = bodyOf(
      await list({
        user_id: 'window',
        from: '2026-02-02T00:00:00Z',
        to: '2026-02-03T00:00:00+00:00',
      }),
    );

    // Assess
    expect((byCorrelation.items as { event_id: string }[]).map((i) => i.event_id)).toEqual([
      events[1]?.event_id,
      events[0]?.event_id,
    ]);
    expect((inWindow.items as { event_id: string }[]).map((i) => i.event_id)).toEqual([
      events[1]?.event_id,
    ]);
  });

  it('lists the whole tenant without an owner, page by page, and never another tenant', async () => {
    // Prepare
    const tenant = `tw${Date.now() % 100000}`;
    const mine = Array.from({ length: 5 }, (_, i) =>
      aStoredEvent({
        tenant_id: tenant,
        user_id: `u-${i}`,
        timestamp: `2026-02-0${i + 1}T00:00:00.000000Z`,
      }),
    );
    await world.store([...mine, aStoredEvent({ tenant_id: 'someone-else' })]);

    // Act
    const ids: string[] = [];
    let cursor: string | undefined;
    do {
      const page = bodyOf(await list({ limit: '2', ...(cursor ? { cursor } : {}) }, tenant));
      ids.push(...(page.items as { event_id: string }[]).map((i) => i.event_id));
      cursor = (page.next_cursor as string | null) ?? undefined;
    } while (cursor);

    // Assess
    expect(ids).toEqual([...mine].reverse().map((e) => e.event_id));
  });

  it.each([
    ['both owners', { user_id: 'u', correlation_id: 'c' }, 'correlation_id'],
    ['limit 0', { user_id: 'u', limit: '0' }, 'limit'],
    ['limit 101', { user_id: 'u', limit: '101' }, 'limit'],
    ['limit not a number', { user_id: 'u', limit: 'ten' }, 'limit'],
    ['from without offset', { user_id: 'u', from: '2026-01-01T00:00:00' }, 'from'],
    ['a forged cursor', { user_id: 'u', cursor: 'bm90LWEtY3Vyc29y' }, 'cursor'],
    ['an unknown parameter', { user_id: 'u', sort: 'asc' }, 'sort'],
  ])('answers 400 for %s', async (_name, query, field) => {
    // Act
    const result = await list(query as Record<string, string>);

    // Assess
    expect(result.statusCode).toBe(400);
    expect(bodyOf(result)).toMatchObject({
      error: { code: 'VALIDATION_FAILED', details: [expect.objectContaining({ field })] },
    });
  });

  it.each([
    ['of a user', { owner: { user_id: 'u-7' } }],
    ['of a whole tenant', {}],
  ])(
    'plans the list query %s as an index scan on a large table, never a sequential scan',
    async (_what, owner) => {
      // Prepare
      await world.sql`
      insert into events (event_id, correlation_id, user_id, amount, currency, merchant, ts, payload_mode, payload_sha256, received_at)
      select 'bulk-' || g, 'c-' || (g % 1000), 'u-' || (g % 500), 1, 'USD', 'm', now() - g * interval '1 second',
             'INLINE', repeat('a', 64), now()
      from generate_series(1, 50000) g
      on conflict do nothing`;
      await world.sql`analyze events`;
      const statements: { text: string; params: unknown[] }[] = [];
      const observed = postgres(world.db.url, {
        max: 1,
        onnotice: () => {},
        debug: (_c, text, params) => statements.push({ text, params }),
      });
      await listEvents(observed, 'default', {
        ...owner,
        from: '2026-01-01T00:00:00.000000Z',
        limit: 50,
      });
      await observed.end();

      // Act
      const { text, params } = statements.find((s) => s.text.includes('from events')) ?? {
        text: '',
        params: [],
      };
      const plan = await world.sql.unsafe(`explain (format json) ${text}`, params as never[]);

      // Assess
      const planText = JSON.stringify(plan);
      expect(planText).toMatch(/Index (Only )?Scan/);
      expect(planText).not.toContain('Seq Scan');
    },
  );
});
