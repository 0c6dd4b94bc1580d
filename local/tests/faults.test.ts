import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';

let db: TestDatabase;
let stack: RunningStack;
const key = 'fault-key';

beforeAll(async () => {
  db = await createTestDatabase();
  // Its own emulator (so the test can stop it) and a tight throttle (so it can trip it).
  stack = await startLocalStack({
    stateDir: mkdtempSync(path.join(tmpdir(), 'fluxa-faults-')),
    databaseUrl: db.url,
    apiKeys: [key],
    env: { FLUXA_RATE_LIMIT: '5', FLUXA_RATE_BURST: '5' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
});

const post = () =>
  fetch(`${stack.info.api_url}/events`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      user_id: 'f',
      amount: 1,
      currency: 'USD',
      merchant: 'm',
      timestamp: '2026-01-01T00:00:00Z',
    }),
  });

describe('the local API under faults', () => {
  it('answers 503 SERVICE_UNAVAILABLE while the queue is down', async () => {
    // Prepare
    await fetch(`${stack.info.control_url}/emulator/stop`, { method: 'POST' });

    // Act
    const reply = await post();
    await fetch(`${stack.info.control_url}/emulator/start`, { method: 'POST' });

    // Assess
    expect(reply.status).toBe(503);
    expect(await reply.json()).toMatchObject({ error: { code: 'SERVICE_UNAVAILABLE' } });
  });

  it('answers 429 THROTTLED with Retry-After past the rate limit', async () => {
    // Act
    const replies = await Promise.all(Array.from({ length: 12 }, () => post()));

    // Assess
    const throttled = replies.find((r) => r.status === 429);
    expect(throttled).toBeDefined();
    expect(Number(throttled?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await throttled?.json()).toMatchObject({ error: { code: 'THROTTLED' } });
  });
});
