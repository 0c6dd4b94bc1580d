import { existsSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { waitUntil } from '@fluxa/local-runtime';
import postgres from 'postgres';
import { type RunningStack, startLocalStack } from '../src';
import { awsClients } from '../src/aws';
import { statePaths } from '../src/stateDir';
import { newStateDir, removeStateDir } from './helpers/localCommand';

/**
 * A stack with its own PostgreSQL (so the test can stop it) and a 6 s visibility timeout: the
 * processor's timeout is 1 s, its lease 3 s, and a record to retry backs off from 1 s to 12 s
 * over the queue's ten receives.
 */
const visibilityTimeoutSeconds = 6;

let stack: RunningStack;
let stateDir: string;
let sql: postgres.Sql;
const key = 'processor-faults-key';

beforeAll(async () => {
  stateDir = newStateDir('processor-faults');
  stack = await startLocalStack({
    stateDir,
    controlPort: 0,
    apiKeys: [key],
    visibilityTimeoutSeconds,
  });
  sql = postgres(stack.info.database_url, { max: 2, onnotice: () => {} });
}, 120_000);

afterAll(async () => {
  await sql?.end({ timeout: 1 });
  await stack?.stop();
  removeStateDir(stateDir);
});

const control = async (action: string) => {
  const response = await fetch(`${stack.info.control_url}/${action}`, { method: 'POST' });
  if (!response.ok) throw new Error(`control ${action}: ${response.status}`);
};

const send = (eventIds: string[]) =>
  fetch(`${stack.info.api_url}/events/batch`, {
    method: 'POST',
    headers: { 'x-api-key': key, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      events: eventIds.map((event_id) => ({
        event_id,
        user_id: 'u-faults',
        amount: 1,
        currency: 'USD',
        merchant: 'm',
        timestamp: '2026-01-01T00:00:00Z',
      })),
    }),
  });

const storedCount = async (eventIds: string[]) => {
  const [row] = await sql<{ n: number }[]>`
    select count(*)::int as n from events where event_id = any(${eventIds})`;
  return row?.n ?? 0;
};

/** Messages still on a queue, visible or in flight. */
async function queueDepth(queueUrl: string): Promise<number> {
  const { sqs } = awsClients(stack.info.emulator_endpoint);
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes.ApproximateNumberOfMessages) +
    Number(Attributes.ApproximateNumberOfMessagesNotVisible)
  );
}

const stackLog = () => {
  const file = statePaths(stateDir).stackLog;
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
};

describe('the processor under database faults, on the local stack', () => {
  it('ends an invocation that runs past its timeout, as Lambda does; the redelivery settles the event once', async () => {
    // Prepare: every insert into events waits on the test's lock
    const id = `timeout-${Date.now()}`;
    const blocker = await sql.reserve();
    await blocker`begin`;
    await blocker`lock table events in exclusive mode`;

    // Act
    const accepted = await send([id]);
    await waitUntil(async () => /ran past its 1 s timeout/.test(stackLog()), {
      timeoutMs: 30_000,
      intervalMs: 100,
      what: 'the poller to end the invocation at its timeout',
    });
    await blocker`rollback`;
    blocker.release();
    await waitUntil(async () => (await queueDepth(stack.info.queue_url)) === 0, {
      timeoutMs: 60_000,
      intervalMs: 250,
      what: 'the queue to be drained',
    });

    // Assess
    expect(accepted.status).toBe(202);
    expect(await storedCount([id])).toBe(1);
    expect(await queueDepth(stack.info.dlq_url)).toBe(0);
  });

  it('dead-letters nothing when PostgreSQL is down for longer than three visibility timeouts', async () => {
    // Prepare
    const ids = Array.from({ length: 20 }, (_, i) => `outage-${Date.now()}-${i}`);

    // Act
    await control('postgres/stop');
    try {
      expect((await send(ids)).status).toBe(202);
      // The outage is this test's premise: a stated duration, not a wait for something.
      await sleep(3 * visibilityTimeoutSeconds * 1000 + 2_000);
    } finally {
      await control('postgres/start');
    }
    await waitUntil(async () => (await storedCount(ids)) === ids.length, {
      timeoutMs: 90_000,
      intervalMs: 500,
      what: 'every event stored after the outage',
    });

    // Assess
    expect(await queueDepth(stack.info.dlq_url)).toBe(0);
    const { sqs } = awsClients(stack.info.emulator_endpoint);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: stack.info.dlq_url, MaxNumberOfMessages: 10 }),
    );
    expect(Messages).toEqual([]);
  });
});
