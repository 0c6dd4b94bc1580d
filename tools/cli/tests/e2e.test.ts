import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { waitUntil } from '@fluxa/local-runtime';
import { aValidEvent, freshEventId, type TestEvent } from '@fluxa/testing';
import { sendArgs } from './helpers/events';
import { emulatorSqs, putDeadLetter } from './helpers/queues';
import { fluxa } from './helpers/run';
import { startTestStack, type TestStack, writeOnlyKey } from './helpers/stack';

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

/** Writes the events to a file in the stack's directory, sends it, and waits until all are stored. */
async function sendStored(events: TestEvent[]): Promise<void> {
  const file = `${freshEventId('events')}.json`;
  writeFileSync(path.join(stack.cwd, file), JSON.stringify(events));
  const sent = await run('send', '--file', file);
  if (sent.code !== 0) throw new Error(`fluxa send --file failed: ${sent.stderr}`);
  await stack.waitUntilStored(events.map((event) => event.event_id));
}

/** Event ids newest first, the order GET /events promises. */
const newestFirst = (events: TestEvent[]) =>
  [...events]
    .sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp))
    .map((event) => event.event_id);

const ids = (result: { json(): unknown }) =>
  (result.json() as { items: Array<{ event_id: string }> }).items.map((item) => item.event_id);

describe('fluxa against a local stack', () => {
  it('sends an event from flags, then gets it and its status once stored', async () => {
    // Prepare
    const event = aValidEvent({ user_id: 'u-cli', amount: 19.99, merchant: 'Coffee Corner' });

    // Act
    const sent = await run(...sendArgs(event), '--correlation-id', 'order-1');
    const got = await run('get', event.event_id, '--wait', '20', '--json');
    const status = await run('status', event.event_id);

    // Assess
    expect(sent.stdout).toBe(`enqueued ${event.event_id} (correlation id order-1)\n`);
    expect(got.code).toBe(0);
    expect(got.json()).toMatchObject({
      event_id: event.event_id,
      user_id: event.user_id,
      amount: event.amount,
      currency: event.currency,
      merchant: event.merchant,
      metadata: event.metadata,
      correlation_id: 'order-1',
      payload_mode: 'INLINE',
    });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^status:\s+stored$/m);
  });

  it('sends every event of a JSON array file in one batch', async () => {
    // Prepare
    const events = [aValidEvent(), aValidEvent(), aValidEvent()];
    writeFileSync(path.join(stack.cwd, 'batch.json'), JSON.stringify(events));

    // Act
    const result = await run('send', '--file', 'batch.json');

    // Assess
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('enqueued 3 of 3 events in 1 request(s)\n');
    await stack.waitUntilStored(events.map((event) => event.event_id));
  });

  it('shows each amount with its currency’s minor units', async () => {
    // Prepare
    const yen = aValidEvent({ amount: 1500, currency: 'JPY' });
    const dinar = aValidEvent({ amount: 1.2, currency: 'KWD' });
    const dollar = aValidEvent({ amount: 1234.5, currency: 'USD' });
    await sendStored([yen, dinar, dollar]);

    // Act
    const shown = await Promise.all(
      [yen, dinar, dollar].map((event) => run('get', event.event_id)),
    );

    // Assess
    expect(shown.map((result) => /^amount:\s+(.*)$/m.exec(result.stdout)?.[1])).toEqual([
      'JPY 1,500',
      'KWD 1.200',
      'USD 1,234.50',
    ]);
  });

  it('seeds events spread over the users it names', async () => {
    // Prepare
    const prefix = freshEventId('seed');

    // Act
    const seeded = await run(
      'seed',
      '--count',
      '30',
      '--users',
      '2',
      '--user-prefix',
      prefix,
      '--json',
    );

    // Assess
    const report = seeded.json() as { accepted: number; users: string[]; event_ids: string[] };
    expect(seeded.code).toBe(0);
    expect(report.accepted).toBe(30);
    await stack.waitUntilStored(report.event_ids);
    const listed = await Promise.all(
      report.users.map((user) => run('list', '--user', user, '--all', '--json')),
    );
    expect(listed.flatMap(ids).sort()).toEqual([...report.event_ids].sort());
  });

  it('passes verify against a healthy stack, DLQ included, after naming its test event', async () => {
    // Act
    const result = await run('verify');

    // Assess
    const [, announced] = result.stdout.split('\n');
    const eventId = /^writes one test event: (\S+) \(user fluxa-verify\)/.exec(
      announced ?? '',
    )?.[1];
    expect(eventId).toMatch(/^verify-/);
    expect(result.stdout).toMatch(/^PASS health\b/m);
    expect(result.stdout).toMatch(/^PASS auth\b/m);
    expect(result.stdout).toMatch(new RegExp(`^PASS ingest .* enqueued ${eventId} `, 'm'));
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
      /^fluxa: POST \/events: 403 FORBIDDEN .* — this needs a key with the write scope: check --api-key \/ FLUXA_API_KEY$/m,
    );
    expect(result.stderr + result.stdout).not.toContain('not-the-key-42');
  });

  it('ends a load run whose key cannot read at its first wait call, naming the read scope', async () => {
    // Act: a wait that would otherwise run for two minutes
    const result = await run(
      'load',
      '--count',
      '5',
      '--wait',
      '--wait-timeout',
      '120',
      '--api-key',
      writeOnlyKey,
    );

    // Assess
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^fluxa: GET \/events: 403 FORBIDDEN .* — this needs a key with the read scope: check --api-key \/ FLUXA_API_KEY$/m,
    );
    expect(result.stdout + result.stderr).not.toContain(writeOnlyKey);
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
    expect(report.wait).toMatchObject({
      stored: 40,
      missing: 0,
      timed_out: false,
      list_requests: expect.any(Number),
    });
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
    expect(invalid.stderr).toMatch(/^fluxa: GET \/events\/bad%20id!: 400 INVALID_EVENT_ID/);
    expect(unseen.stderr).toBe(
      'fluxa: the processor has not seen no-such-event (it may still be queued)\n',
    );
  });

  it('shows the API’s own violations for an event sent with --no-validate', async () => {
    // Prepare
    const fractionalYen = aValidEvent({ amount: 10.5, currency: 'JPY' });

    // Act
    const result = await run(...sendArgs(fractionalYen), '--no-validate');

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

describe('fluxa list', () => {
  const user = freshEventId('u-list');
  const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
  // Sent out of order: the API must return them newest first whatever the order they came in.
  const events = [7, 2, 9, 4, 1].map((minutes) =>
    aValidEvent({ user_id: user, timestamp: minutesAgo(minutes) }),
  );

  beforeAll(async () => {
    await sendStored(events);
  }, 30_000);

  it('pages through a user’s events newest first, continuing from the cursor', async () => {
    // Act
    const first = await run('list', '--user', user, '--limit', '2', '--json');
    const { next_cursor: cursor } = first.json() as { next_cursor: string };
    const rest = await run('list', '--user', user, '--cursor', cursor, '--all', '--json');

    // Assess
    expect(ids(first)).toEqual(newestFirst(events).slice(0, 2));
    expect(ids(rest)).toEqual(newestFirst(events).slice(2));
  });

  it('prints a page as a table and the cursor to continue from', async () => {
    // Act
    const page = await run('list', '--user', user, '--limit', '2');

    // Assess
    const lines = page.stdout.split('\n');
    expect(lines[0]).toMatch(/^TIMESTAMP\s+EVENT_ID\s+AMOUNT\s+MERCHANT$/);
    expect(lines.slice(1, 3).map((line) => line.split(/\s+/)[1])).toEqual(
      newestFirst(events).slice(0, 2),
    );
    expect(lines[3]).toBe('2 event(s)');
    expect(lines[4]).toMatch(/^more: add --cursor \S+$/);
  });
});

describe('fluxa dlq redrive through the real processor', () => {
  it('lists a dead-lettered event without consuming it, then replays it and the processor stores it', async () => {
    // Prepare
    const eventId = freshEventId('cli-redrive');
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
    const eventId = freshEventId('cli-tampered');
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
    const back = await waitUntil(
      async () => {
        const listing = (await run('dlq', 'ls', '--json')).json() as {
          messages: Array<{ event_id: string; error_code: string }>;
        };
        const copies = listing.messages.filter((message) => message.event_id === eventId);
        return copies.length > 0 ? copies : undefined;
      },
      { timeoutMs: 10_000, what: 'the replayed copy back in the DLQ' },
    );
    expect(back).toEqual([expect.objectContaining({ error_code: 'HASH_MISMATCH' })]);
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
    await waitUntil(() => output().stderr.includes('sending:'), {
      timeoutMs: 20_000,
      what: 'the load run’s first progress line',
    });

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
