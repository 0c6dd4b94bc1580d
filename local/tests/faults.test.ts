import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let db: TestDatabase;
let stack: RunningStack;
let stateDir: string;
const key = 'fault-key';
const otherKey = 'fault-other-key@other:write';

beforeAll(async () => {
  db = await createTestDatabase();
  stateDir = newStateDir('faults');
  // Its own emulator and the control server (so the test can stop the emulator), and a tight
  // throttle (so it can trip it).
  stack = await startLocalStack({
    stateDir,
    controlPort: 0,
    databaseUrl: db.url,
    apiKeys: [key, otherKey],
    env: { FLUXA_RATE_LIMIT: '5', FLUXA_RATE_BURST: '5' },
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  removeStateDir(stateDir);
});

const control = async (action: string) => {
  const response = await fetch(`${stack.info.control_url}/${action}`, { method: 'POST' });
  if (!response.ok)
    throw new Error(`control ${action}: ${response.status} ${await response.text()}`);
};

const post = (apiKey = key) =>
  fetch(`${stack.info.api_url}/events`, {
    method: 'POST',
    headers: { 'x-api-key': apiKey, 'Content-Type': 'application/json' },
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
    // Prepare: one accepted event first, so the authorizer holds the key grants (read from the
    // emulator's S3) and the 503 below is the queue's, not the grants'
    expect((await post()).status).toBe(202);
    await control('emulator/stop');

    // Act
    let reply: Response;
    try {
      reply = await post();
    } finally {
      await control('emulator/start'); // the next test needs the queue, whatever happened here
    }

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

  it('throttles each key on its own, as each client has its usage plan', async () => {
    // Act: the first key well past its burst, the other key once, at the same time
    const [other, ...first] = await Promise.all([
      post('fault-other-key'),
      ...Array.from({ length: 12 }, () => post()),
    ]);

    // Assess
    expect(first.map((r) => r.status)).toContain(429);
    expect(other.status).toBe(202);
  });
});
