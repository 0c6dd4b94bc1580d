import { validateListQuery } from '@fluxa/models';
import { aPersistedEvent, createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { insertEvents, listEvents } from '../src';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await insertEvents(
    db.sql,
    ['.123456', '.123789', '.124000'].map((fraction, i) =>
      aPersistedEvent({
        event_id: `micro-${i}`,
        user_id: 'u-micro',
        timestamp: `2026-01-01T00:00:00${fraction}Z`,
      }),
    ),
  );
});

afterAll(async () => {
  await db.drop();
});

/** Every page of a query, one event per page. */
async function allPages(params: Record<string, string>): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const query = validateListQuery({ ...params, limit: '1', ...(cursor ? { cursor } : {}) });
    if (!query.ok) throw new Error('invalid query');
    const page = await listEvents(db.sql, 'default', query.value);
    ids.push(...page.items.map((e) => e.event_id));
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

describe('listEvents at microsecond precision', () => {
  it('pages through timestamps a millisecond apart and less, skipping none', async () => {
    expect(await allPages({ user_id: 'u-micro' })).toEqual(['micro-2', 'micro-1', 'micro-0']);
  });

  it('keeps a bound to the microsecond', async () => {
    expect(await allPages({ user_id: 'u-micro', from: '2026-01-01T00:00:00.123789Z' })).toEqual([
      'micro-2',
      'micro-1',
    ]);
  });
});
