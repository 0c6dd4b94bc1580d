import { connect } from 'node:net';
import { gzipSync } from 'node:zlib';
import { waitUntil } from '@fluxa/local-runtime';
import { createTestDatabase, requireTestEnv, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let db: TestDatabase;
let stack: RunningStack;
let stateDir: string;
const key = 'e2e-key';

beforeAll(async () => {
  db = await createTestDatabase();
  stateDir = newStateDir('e2e');
  stack = await startLocalStack({
    stateDir,
    databaseUrl: db.url,
    emulatorEndpoint: requireTestEnv('AWS_ENDPOINT_URL'),
    apiKeys: [key],
    visibilityTimeoutSeconds: 5,
    controlPort: 0,
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  removeStateDir(stateDir);
});

const call = async (
  method: string,
  route: string,
  init: { body?: string | Buffer; headers?: Record<string, string>; key?: string | null } = {},
) => {
  const headers: Record<string, string> = {
    ...(init.key === null ? {} : { 'x-api-key': init.key ?? key }),
    ...init.headers,
  };
  const response = await fetch(`${stack.info.api_url}${route}`, {
    method,
    headers,
    body: init.body,
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
};
const json = { 'Content-Type': 'application/json' };
const event = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    event_id: id,
    user_id: 'e2e',
    amount: 5,
    currency: 'EUR',
    merchant: 'M',
    timestamp: '2026-01-01T00:00:00Z',
    ...extra,
  });
const waitStored = (id: string) =>
  waitUntil(async () => (await call('GET', `/events/${id}`)).status === 200, {
    timeoutMs: 10_000,
    what: `event ${id} stored`,
  });

describe('the local API over HTTP', () => {
  it('accepts an event (202) and serves it back (200) with the status and the list', async () => {
    // Act
    const accepted = await call('POST', '/events', {
      body: event('e2e-1'),
      headers: { ...json, 'X-Correlation-ID': 'e2e-corr' },
    });
    const stored = await waitStored('e2e-1');
    const status = await call('GET', '/events/e2e-1/status');
    const list = await call('GET', '/events?user_id=e2e');
    const byCorrelation = await call('GET', '/events?correlation_id=e2e-corr');

    // Assess
    expect(accepted.status).toBe(202);
    expect(accepted.headers.get('x-correlation-id')).toBe('e2e-corr');
    expect(accepted.headers.get('x-content-type-options')).toBe('nosniff');
    expect(accepted.headers.get('cache-control')).toBe('no-store');
    expect(stored).toBe(true);
    expect(status.body).toMatchObject({ event_id: 'e2e-1', status: 'stored' });
    expect((list.body.items as unknown[]).length).toBeGreaterThan(0);
    expect(byCorrelation.body.items).toEqual([expect.objectContaining({ event_id: 'e2e-1' })]);
  });

  it('accepts a gzip batch and answers per item', async () => {
    // Act
    const body = gzipSync(JSON.stringify({ events: [JSON.parse(event('e2e-b1')), { amount: 1 }] }));
    const reply = await call('POST', '/events/batch', {
      body,
      headers: { ...json, 'Content-Encoding': 'gzip' },
    });

    // Assess
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({ accepted: 1, rejected: 1 });
    expect(await waitStored('e2e-b1')).toBe(true);
  });

  it.each([
    ['400 INVALID_JSON', 'POST', '/events', { body: '{', headers: json }, 400, 'INVALID_JSON'],
    [
      '400 VALIDATION_FAILED',
      'POST',
      '/events',
      { body: '{}', headers: json },
      400,
      'VALIDATION_FAILED',
    ],
    [
      '400 for a batch that is not {"events":[…]}',
      'POST',
      '/events/batch',
      { body: '[]', headers: json },
      400,
      'VALIDATION_FAILED',
    ],
    [
      '401 without a key',
      'POST',
      '/events',
      { body: event('x'), headers: json, key: null },
      401,
      'UNAUTHORIZED',
    ],
    ['403 with an unknown key', 'GET', '/events/x', { key: 'nope' }, 403, 'FORBIDDEN'],
    ['404 for an unknown event', 'GET', '/events/never-seen', {}, 404, 'NOT_FOUND'],
    ['404 for an unknown status', 'GET', '/events/never-seen/status', {}, 404, 'NOT_FOUND'],
    ['404 for an unknown route', 'GET', '/nowhere', {}, 404, 'NOT_FOUND'],
    ['400 INVALID_EVENT_ID', 'GET', '/events/has%20space', {}, 400, 'INVALID_EVENT_ID'],
    [
      '400 for a list with two owners',
      'GET',
      '/events?user_id=u&correlation_id=c',
      {},
      400,
      'VALIDATION_FAILED',
    ],
    [
      '413 over MAX_EVENT_BYTES',
      'POST',
      '/events',
      { body: event('big', { metadata: { p: 'x'.repeat(1_100_000) } }), headers: json },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      '413 for a batch over 4 MiB as sent',
      'POST',
      '/events/batch',
      { body: 'x'.repeat(4.2 * 1024 * 1024), headers: json },
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      "502, as API Gateway answers, for a body whose event would exceed Lambda's 6 MB",
      'POST',
      '/events/batch',
      { body: 'x'.repeat(5 * 1024 * 1024), headers: json },
      502,
      'INTERNAL',
    ],
    [
      '415 for text/plain',
      'POST',
      '/events',
      { body: event('t'), headers: { 'Content-Type': 'text/plain' } },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ] as const)(
    'answers %s with the error body',
    async (_name, method, route, init, status, code) => {
      // Act
      const reply = await call(method, route, init);

      // Assess
      expect(reply.status).toBe(status);
      expect(reply.body).toMatchObject({ error: { code }, correlation_id: expect.any(String) });
      expect(reply.headers.get('x-correlation-id')).toBe(reply.body.correlation_id);
    },
  );

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]), json, 400, 'INVALID_JSON'],
    [
      'a latin1 charset',
      event('latin1', { merchant: 'Caf\u00e9' }),
      { 'Content-Type': 'application/json; charset=latin1' },
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    ],
  ] as const)(
    'refuses a body with %s and stores nothing',
    async (_name, body, headers, status, code) => {
      // Act
      const reply = await call('POST', '/events', { body, headers });

      // Assess
      expect(reply.status).toBe(status);
      expect(reply.body).toMatchObject({ error: { code } });
    },
  );

  it('serves /health, /health/ready and /openapi.json without a key', async () => {
    // Act
    const replies = await Promise.all(
      ['/health', '/health/ready', '/openapi.json'].map((r) => call('GET', r, { key: null })),
    );

    // Assess
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(replies[2]?.body.openapi).toMatch(/^3\.1/);
  });
});

/** Sends raw bytes to the API port and reads the whole reply (the edge closes the connection). */
function rawExchange(
  request: string,
): Promise<{ status: number; headers: Map<string, string>; body: unknown }> {
  const { hostname, port } = new URL(stack.info.api_url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(Number(port), hostname, () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map(
        lines.map((line) => [
          line.slice(0, line.indexOf(':')).toLowerCase(),
          line.slice(line.indexOf(':') + 1).trim(),
        ]),
      );
      resolve({
        status: Number(statusLine.split(' ')[1]),
        headers,
        body: body ? JSON.parse(body) : undefined,
      });
    });
  });
}

describe('the local HTTP edge answers what it refuses itself like every other response', () => {
  it.each([
    ['a malformed request line', 'NOT HTTP AT ALL\r\n\r\n', 400, 'BAD_REQUEST'],
    [
      'a Content-Length that is not a number',
      'POST /events HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
      400,
      'BAD_REQUEST',
    ],
    [
      'headers over the size limit',
      `GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: ${'p'.repeat(20_000)}\r\n\r\n`,
      431,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'a body shorter than its Content-Length (after 10 s)',
      `POST /events HTTP/1.1\r\nHost: x\r\nx-api-key: ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"user_id":`,
      408,
      'REQUEST_TIMEOUT',
    ],
  ])('%s', async (_name, request, status, code) => {
    // Act
    const reply = await rawExchange(request);

    // Assess
    expect(reply.status).toBe(status);
    expect(reply.body).toMatchObject({ error: { code }, correlation_id: expect.any(String) });
    expect(reply.headers.get('content-type')).toBe('application/json');
    expect(reply.headers.get('x-correlation-id')).toBe(
      (reply.body as { correlation_id: string }).correlation_id,
    );
    expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    expect(reply.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps the API key and the database URL out of the control port', async () => {
    // Act
    const status = await (await fetch(`${stack.info.control_url}/status`)).text();

    // Assess
    expect(status).toContain(stack.info.api_url);
    expect(status).not.toContain(key);
    expect(status).not.toContain(db.url);
    expect(new URL(stack.info.control_url ?? '').hostname).toBe('127.0.0.1');
  });
});
