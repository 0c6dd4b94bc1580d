import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { emulatorSqs, putDeadLetter } from './helpers/queues';
import { fluxa } from './helpers/run';
import { startTestStack, type TestStack } from './helpers/stack';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
}, 90_000);

afterAll(async () => {
  await stack?.stop();
});

/** `fluxa …` from the stack's directory, with no FLUXA_* or AWS_* variables. */
const run = (...argv: string[]) =>
  fluxa(argv, { cwd: stack.cwd, env: {}, progressIntervalMs: 200 });
const unique = (prefix: string) =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

describe('fluxa against a local stack', () => {
  it('sends an event from flags, then gets it and its status once stored', async () => {
    // Prepare
    const eventId = unique('cli-send');

    // Act
    const sent = await run(
      'send',
      '--event-id',
      eventId,
      '--user',
      'u-cli',
      '--amount',
      '19.99',
      '--currency',
      'usd',
      '--merchant',
      'Coffee Corner',
      '--metadata',
      '{"channel":"web"}',
      '--correlation-id',
      'order-1',
    );
    const got = await run('get', eventId, '--wait', '20', '--json');
    const status = await run('status', eventId);

    // Assess
    expect(sent.stdout).toBe(`enqueued ${eventId} (correlation id order-1)\n`);
    expect(got.code).toBe(0);
    expect(got.json()).toMatchObject({
      event_id: eventId,
      user_id: 'u-cli',
      amount: 19.99,
      currency: 'USD',
      merchant: 'Coffee Corner',
      metadata: { channel: 'web' },
      correlation_id: 'order-1',
      payload_mode: 'INLINE',
    });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^status:\s+stored$/m);
  });

  it('sends every event of a JSON array file in one batch', async () => {
    // Prepare
    const user = unique('u-file');
    const file = path.join(stack.cwd, 'events.json');
    const events = ['JPY', 'KWD', 'EUR'].map((currency, index) => ({
      user_id: user,
      amount: [1500, 1.234, 3.5][index],
      currency,
      merchant: 'Book Shop',
      timestamp: new Date(Date.now() - index * 60_000).toISOString(),
    }));
    writeFileSync(file, JSON.stringify(events));

    // Act
    const result = await run('send', '--file', 'events.json');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('enqueued 3 of 3 events in 1 request(s)');
  });

  it('lists a user’s events newest first, page by page', async () => {
    // Prepare
    const seeded = await run(
      'seed',
      '--count',
      '30',
      '--users',
      '2',
      '--user-prefix',
      unique('seed'),
      '--seed',
      '5',
      '--json',
    );
    const {
      users,
      accepted,
      event_ids: ids,
    } = seeded.json() as { users: string[]; accepted: number; event_ids: string[] };
    await run('get', ids[ids.length - 1] ?? '', '--wait', '20');
    const user = users[0] ?? '';
    const all = await waitForList(user, 30 - 0);

    // Act
    const firstPage = await run('list', '--user', user, '--limit', '2');
    const everything = await run('list', '--user', user, '--all', '--json');

    // Assess
    expect(accepted).toBe(30);
    expect(firstPage.stdout).toMatch(/^TIMESTAMP\s+EVENT_ID\s+AMOUNT\s+MERCHANT$/m);
    expect(firstPage.stdout).toContain('2 event(s)');
    expect(firstPage.stdout).toMatch(/^more: add --cursor \S+$/m);
    const items = (everything.json() as { items: Array<{ timestamp: string; user_id: string }> })
      .items;
    expect(items.length).toBe(all);
    expect(items.every((item) => item.user_id === user)).toBe(true);
    const times = items.map((item) => item.timestamp);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('passes verify against a healthy stack, DLQ included', async () => {
    // Act
    const result = await run('verify');

    // Assess
    expect(result.stdout).toMatch(/^PASS health\b/m);
    expect(result.stdout).toMatch(/^PASS auth\b/m);
    expect(result.stdout).toMatch(/^PASS ingest\b/m);
    expect(result.stdout).toMatch(/^PASS queryable\b/m);
    expect(result.stdout).toMatch(/^PASS status\b/m);
    expect(result.stdout).toMatch(/^PASS dlq empty\b/m);
    expect(result.stdout).toContain('verify: all 7 checks passed');
    expect(result.code).toBe(0);
  });

  it('fails verify with a wrong key, exit 1, without printing the key', async () => {
    // Act
    const result = await run('verify', '--api-key', 'not-the-key-42', '--within', '1');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL ingest\s+POST \/events: 403 FORBIDDEN/m);
    expect(result.stdout).not.toContain('not-the-key-42');
  });

  it('stops a load run at once when the API refuses the key', async () => {
    // Act
    const result = await run('load', '--count', '500', '--api-key', 'not-the-key-42');

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^fluxa: POST \/events: 403 FORBIDDEN .* — check --api-key \/ FLUXA_API_KEY$/m,
    );
    expect(result.stderr + result.stdout).not.toContain('not-the-key-42');
  });

  it('load-tests with --wait: throughput, latency and lag percentiles of every event', async () => {
    // Act
    const result = await run(
      'load',
      '--count',
      '40',
      '--concurrency',
      '4',
      '--wait',
      '--wait-timeout',
      '30',
      '--json',
    );

    // Assess
    expect(result.code).toBe(0);
    const report = result.json() as Record<string, unknown> & { wait: Record<string, unknown> };
    expect(report).toMatchObject({
      count: 40,
      accepted: 40,
      failed: 0,
      requests: 40,
      statuses: { '202': 40 },
    });
    expect(report.latency_ms).toEqual(
      expect.objectContaining({ count: 40, p50: expect.any(Number), p99: expect.any(Number) }),
    );
    expect(report.wait).toMatchObject({ stored: 40, missing: 0, timed_out: false });
    expect(report.wait.pipeline_lag_ms).toEqual(expect.objectContaining({ count: 40 }));
    expect(result.stderr).toMatch(/^sending: 40\/40 events \(100%\)/m);
    expect(result.stderr).toMatch(/^stored: 40\/40 events \(100%\)/m);
  });

  it('load-tests in batches and prints a human report', async () => {
    // Act
    const result = await run('load', '--count', '50', '--batch', '10', '--concurrency', '2');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^sent:\s+50 accepted, 0 rejected, 0 failed of 50 events$/m);
    expect(result.stdout).toMatch(/^requests:\s+5 \(batch 10, concurrency 2\); HTTP 202×5$/m);
    expect(result.stdout).toMatch(
      /^latency:\s+p50 \d+ ms {2}p95 \d+ ms {2}p99 \d+ ms {2}max \d+ ms$/m,
    );
  });

  it('reports an event that is not stored, and an invalid id, in one line with exit 1', async () => {
    // Act
    const missing = await run('get', 'no-such-event');
    const invalid = await run('get', 'bad id!');
    const unseen = await run('status', 'no-such-event');

    // Assess
    expect([missing.code, invalid.code, unseen.code]).toEqual([1, 1, 1]);
    expect(missing.stderr).toBe(
      'fluxa: event no-such-event is not stored (it may still be queued: fluxa status no-such-event)\n',
    );
    expect(invalid.stderr).toMatch(/^fluxa: GET \/events\/bad id!: 400 INVALID_EVENT_ID/);
    expect(unseen.stderr).toBe(
      'fluxa: the processor has not seen no-such-event (it may still be queued)\n',
    );
  });

  it('shows the API’s own violations for an event sent with --no-validate', async () => {
    // Act
    const result = await run(
      'send',
      '--no-validate',
      '--user',
      'u',
      '--amount',
      '10.5',
      '--currency',
      'JPY',
      '--merchant',
      'm',
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('fluxa: POST /events: 400 VALIDATION_FAILED');
    expect(result.stderr).toContain('  amount: must be a whole number for JPY (INVALID_VALUE)');
  });

  it('finds the stack’s DLQ through stack.json and shows it empty', async () => {
    // Act
    const result = await run('dlq', 'ls');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^DLQ empty .*fluxa-local-events-dlq$/m);
  });
});

describe('fluxa dlq redrive through the real processor', () => {
  it('lists a dead-lettered event without consuming it, then replays it and the processor stores it', async () => {
    // Prepare
    const eventId = unique('cli-redrive');
    const event = {
      user_id: 'u-redrive',
      amount: 7.25,
      currency: 'GBP',
      merchant: 'Garden Centre',
    };
    await putDeadLetter(emulatorSqs(stack.stack.info.emulator_endpoint), stack.stack.info.dlq_url, {
      eventId,
      event,
      errorCode: 'DB_UNAVAILABLE',
      receiveCount: 5,
    });
    const listed = await run('dlq', 'ls', '--json');
    const listedAgain = await run('dlq', 'ls', '--json');

    // Act
    const redriven = await run('dlq', 'redrive', '--error-code', 'DB_UNAVAILABLE');
    const stored = await run('get', eventId, '--wait', '20', '--json');

    // Assess
    expect(listed.json()).toMatchObject({
      messages: [{ event_id: eventId, error_code: 'DB_UNAVAILABLE', receive_count: 5 }],
    });
    expect(listedAgain.json()).toMatchObject({ messages: [{ event_id: eventId }] });
    expect(redriven.code).toBe(0);
    expect(redriven.stdout).toContain('moved 1 message(s) to the main queue');
    expect(stored.json()).toMatchObject({
      event_id: eventId,
      ...event,
      correlation_id: `corr-${eventId}`,
    });
    expect((await run('dlq', 'ls', '--json')).json()).toMatchObject({ messages: [] });
  });
});

describe('fluxa dlq redrive of a permanent failure', () => {
  it('stops by itself when the processor dead-letters the replayed copy again', async () => {
    // Prepare
    const eventId = unique('cli-tampered');
    await putDeadLetter(emulatorSqs(stack.stack.info.emulator_endpoint), stack.stack.info.dlq_url, {
      eventId,
      tampered: true,
      errorCode: 'HASH_MISMATCH',
    });

    // Act
    const redriven = await run('dlq', 'redrive', '--json');

    // Assess
    expect(redriven.code).toBe(0);
    expect(redriven.json()).toMatchObject({ moved: 1, returned: expect.any(Number) });
    const back = await waitFor(async () => {
      const listing = (await run('dlq', 'ls', '--json')).json() as {
        messages: Array<{ event_id: string }>;
      };
      return listing.messages.some((message) => message.event_id === eventId) ? listing : undefined;
    });
    expect(back?.messages.filter((message) => message.event_id === eventId)).toHaveLength(1);
  });
});

describe('the built fluxa executable', () => {
  const bundle = path.join(__dirname, '..', 'dist', 'index.mjs');

  it('answers --help with exit 0 and a bad flag with exit 2', async () => {
    // Act
    const help = await exec(['--help']);
    const bad = await exec(['list', '--frob']);

    // Assess
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: fluxa <command>');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("fluxa: unknown option '--frob' (see fluxa list --help)\n");
  });

  it('stops a load run on Ctrl-C, still printing what it measured, exit 130', async () => {
    // Prepare
    const child = spawn(
      process.execPath,
      [bundle, 'load', '--count', '200000', '--concurrency', '2'],
      {
        cwd: stack.cwd,
        env: { PATH: process.env.PATH ?? '' },
      },
    );
    const output = collect(child);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    // Act
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    const { stdout, stderr } = output();
    expect(code).toBe(130);
    expect(stderr).toContain('fluxa: stopping');
    expect(stdout).toMatch(
      /^sent:\s+\d+ accepted, 0 rejected, 0 failed of 200000 events \(interrupted\)$/m,
    );
  });

  function collect(child: ReturnType<typeof spawn>) {
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return () => ({ stdout, stderr });
  }

  async function exec(
    argv: string[],
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const child = spawn(process.execPath, [bundle, ...argv], { cwd: stack.cwd, env: {} });
    const output = collect(child);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    return { code, ...output() };
  }
});

/** Waits until GET /events for the user stops growing; returns how many it holds. */
async function waitForList(user: string, atMost: number): Promise<number> {
  let last = -1;
  for (let attempt = 0; attempt < 40; attempt += 1) {
    const page = await run('list', '--user', user, '--all', '--json');
    const count = (page.json() as { items: unknown[] }).items.length;
    if (count === last || count >= atMost) return count;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return last;
}

/** Polls `attempt` every 300 ms for up to 10 s. */
async function waitFor<T>(attempt: () => Promise<T | undefined>): Promise<T | undefined> {
  for (let tries = 0; tries < 33; tries += 1) {
    const value = await attempt();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}
