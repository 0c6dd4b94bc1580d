import { readdirSync, readFileSync, statSync } from 'node:fs';
import { getPriority } from 'node:os';
import path from 'node:path';
import { waitUntil } from '@fluxa/local-runtime';
import { type RunningStack, startLocalStack } from '../src';
import { listeningSockets } from './helpers/listeningSockets';
import { newStateDir, removeStateDir } from './helpers/localCommand';

let stack: RunningStack;
let stateDir: string;
const output: string[] = [];

beforeAll(async () => {
  // Its own PostgreSQL and emulator: every listener of the stack is the stack's.
  stateDir = newStateDir('own-stack');
  stack = await startLocalStack({
    stateDir,
    env: { LOG_LEVEL: 'info' },
    onOutput: (line) => output.push(line),
  });
});

afterAll(async () => {
  await stack?.stop();
  removeStateDir(stateDir);
});

const portOf = (url: string) => Number(new URL(url).port);
const byNumber = (a: number, b: number) => a - b;

describe('a local stack with its own PostgreSQL and emulator', () => {
  if (process.platform === 'linux') {
    it('listens on 127.0.0.1 only, on the API, emulator and PostgreSQL ports: no fault control', () => {
      // Prepare
      const { info } = stack;
      const announced = [info.api_url, info.emulator_endpoint, info.database_url];

      // Act
      const sockets = listeningSockets(Object.values(info.pids));

      // Assess
      expect(sockets.map((socket) => socket.address)).toEqual(sockets.map(() => '127.0.0.1'));
      expect(sockets.map((socket) => socket.port).sort(byNumber)).toEqual(
        announced.map(portOf).sort(byNumber),
      );
    });
  }

  it('writes the functions’ logs and metrics to its log files, not to its output', async () => {
    // Prepare
    const eventId = `quiet-${Date.now()}`;

    // Act
    const accepted = await fetch(`${stack.info.api_url}/events`, {
      method: 'POST',
      headers: { 'x-api-key': stack.info.api_key, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        event_id: eventId,
        user_id: 'quiet',
        amount: 1,
        currency: 'USD',
        merchant: 'm',
        timestamp: '2026-01-01T00:00:00Z',
      }),
    });
    const logs = path.join(stateDir, 'logs');
    const read = (name: string) => readFileSync(path.join(logs, name), 'utf8');
    await waitUntil(() => read('metrics.log').includes('"service":"processor"'), {
      timeoutMs: 20_000,
      what: 'the processor’s metrics',
    });

    // Assess
    expect(accepted.status).toBe(202);
    expect(read('functions.log')).toContain(`"event_id":"${eventId}"`);
    expect(read('functions.log')).not.toContain('"_aws"');
    expect(read('metrics.log')).toContain('"ingest_success":1');
    expect(output.filter((line) => line.startsWith('{'))).toEqual([]);
  });

  if (process.platform === 'linux') {
    it('runs every thread of the poller, its processor workers too, below the API server', async () => {
      // Prepare: an event processed, so the poller has started a processor worker
      const eventId = `nice-${Date.now()}`;
      const headers = { 'x-api-key': stack.info.api_key, 'Content-Type': 'application/json' };
      const body = { event_id: eventId, user_id: 'nice', amount: 1, currency: 'USD' };
      await fetch(`${stack.info.api_url}/events`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ ...body, merchant: 'm', timestamp: '2026-01-01T00:00:00Z' }),
      });
      await waitUntil(
        async () =>
          (await fetch(`${stack.info.api_url}/events/${eventId}`, { headers })).status === 200,
        { timeoutMs: 20_000, what: `${eventId} stored` },
      );
      const threadsOf = (pid: number) => readdirSync(`/proc/${pid}/task`).map(Number);
      const { poller, supervisor } = stack.info.pids;
      if (poller === undefined || supervisor === undefined) throw new Error('pids missing');
      const names = threadsOf(poller).map((tid) =>
        readFileSync(`/proc/${poller}/task/${tid}/comm`, 'utf8').trim(),
      );

      // Act
      const pollerNice = threadsOf(poller).map((tid) => getPriority(tid));
      const apiNice = threadsOf(supervisor).map((tid) => getPriority(tid));

      // Assess: Node names a worker_threads thread WorkerThread
      expect(names).toContain('WorkerThread');
      expect(pollerNice).toEqual(pollerNice.map(() => 10));
      expect(apiNice).toEqual(apiNice.map(() => 0));
    });
  }

  it('keeps every file that may hold a key or a URL readable by its owner only', () => {
    // Prepare
    const files = [
      'stack.json',
      'dev-api-key',
      ...readdirSync(path.join(stateDir, 'logs')).map((name) => path.join('logs', name)),
      ...readdirSync(path.join(stateDir, 'pids')).map((name) => path.join('pids', name)),
    ];

    // Act
    const modes = files.map((file) => [file, statSync(path.join(stateDir, file)).mode & 0o777]);

    // Assess
    expect(files.length).toBeGreaterThan(5);
    expect(Object.fromEntries(modes)).toEqual(Object.fromEntries(files.map((f) => [f, 0o600])));
  });
});
