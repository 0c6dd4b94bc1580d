import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { DeleteMessageCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { waitUntil } from '@fluxa/local-runtime';
import { decodeEnvelope } from '@fluxa/queue';
import { type HarnessContext, sampleEvent, stored } from './context';
import { envelopeOf, produce, produceAndAwaitDeadLetter } from './producer';
import type { Scenario } from './scenarios';

const countStored = async (ctx: HarnessContext, ids: string[]) => {
  const [row] = await ctx.sql<{ n: number; notified: number }[]>`
    select count(*)::int as n, count(notified_at)::int as notified from events where event_id = any(${ids})`;
  return { rows: row?.n ?? 0, notified: row?.notified ?? 0 };
};

async function sendBatches(ctx: HarnessContext, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 100) {
    const reply = await ctx.request('POST', '/events/batch', {
      body: { events: ids.slice(i, i + 100).map((id) => sampleEvent(id)) },
    });
    assert.ok(
      reply.status === 202 && reply.body.accepted === Math.min(100, ids.length - i),
      `batch ${i / 100}: not all accepted`,
    );
  }
}

/** How long PostgreSQL stays down in its drill: long enough for batches to fail and be retried. */
const postgresOutageMs = 10_000;

/** Fault drills: each leaves the stack healthy again. */
export const faults: Scenario[] = [
  {
    name: 'poller killed with SIGKILL mid-stream and restarted: every event stored exactly once, notified',
    async run(ctx) {
      const ids = Array.from({ length: 300 }, (_, i) => ctx.id(`restart-${i}`));
      const sending = sendBatches(ctx, ids);
      // Mid-stream: once the processor has stored some of them, before it stored them all.
      await waitUntil(async () => (await countStored(ctx, ids)).rows > 0, {
        timeoutMs: 30_000,
        intervalMs: 20,
        what: 'the first events stored before the kill',
      });
      await ctx.control('poller/kill');
      await sending;
      await waitUntil(
        async () => {
          const { rows, notified } = await countStored(ctx, ids);
          return rows === ids.length && notified === ids.length;
        },
        { timeoutMs: 120_000, intervalMs: 1_000, what: 'every event stored and notified' },
      ).catch(async (error: unknown) => {
        const { rows, notified } = await countStored(ctx, ids);
        throw new Error(`after the restart: ${rows}/${ids.length} stored, ${notified} notified`, {
          cause: error,
        });
      });
    },
  },
  {
    name: 'redrive from the DLQ after a fix: the missing payload is restored, the event is stored',
    async run(ctx) {
      const id = ctx.id('redrive');
      const payload = JSON.stringify(sampleEvent(id));
      const key = `raw/2026-01-01/${id}.json`;
      const location = { bucket: ctx.info.bucket, key };
      const code = await produceAndAwaitDeadLetter(
        ctx,
        envelopeOf(ctx.info.tenant_id, id, payload, { location }),
      );
      assert.ok(code === 'PAYLOAD_MISSING', `expected PAYLOAD_MISSING in the DLQ, got ${code}`);
      // The fix: the payload object is restored. Then the redrive: DLQ → main queue, delete after send.
      await ctx.aws.s3.send(
        new PutObjectCommand({ Bucket: ctx.info.bucket, Key: key, Body: payload }),
      );
      await waitUntil(
        async () => {
          const got = await ctx.aws.sqs.send(
            new ReceiveMessageCommand({
              QueueUrl: ctx.info.dlq_url,
              MaxNumberOfMessages: 10,
              MessageAttributeNames: ['All'],
              VisibilityTimeout: 30,
            }),
          );
          const mine = (got.Messages ?? []).find(
            (m) => m.MessageAttributes?.event_id?.StringValue === id,
          );
          if (!mine) return false;
          await produce(ctx, decodeEnvelope(mine.Body ?? '')); // the original envelope, as it was
          await ctx.aws.sqs.send(
            new DeleteMessageCommand({
              QueueUrl: ctx.info.dlq_url,
              ReceiptHandle: mine.ReceiptHandle,
            }),
          );
          return true;
        },
        { timeoutMs: 10_000, intervalMs: 250, what: 'the dead letter found and redriven' },
      );
      await stored(ctx, id);
    },
  },
  {
    name: 'PostgreSQL stopped for 10 s while events flow: nothing lost or duplicated, DLQ empty after',
    async run(ctx) {
      const ids = Array.from({ length: 50 }, (_, i) => ctx.id(`pgdown-${i}`));
      await ctx.control('postgres/stop');
      try {
        const ready = await ctx.request('GET', '/health/ready', { key: null });
        assert.ok(
          ready.status === 503,
          `/health/ready while the database is down: expected 503, got ${ready.status}`,
        );
        await sendBatches(ctx, ids);
        // The outage is this scenario's premise: a stated duration, not a wait for something.
        await sleep(postgresOutageMs);
      } finally {
        await ctx.control('postgres/start');
      }
      await waitUntil(async () => (await countStored(ctx, ids)).rows === ids.length, {
        timeoutMs: 120_000,
        intervalMs: 1_000,
        what: 'every event stored after the recovery',
      });
      const dead = await ctx.deadLetters();
      assert.ok(!ids.some((id) => dead.has(id)), 'some events reached the DLQ');
    },
  },
  {
    name: 'queue unavailable: ingest answers 503 and nothing is half-written; works again after',
    async run(ctx) {
      const id = ctx.id('queue-down');
      const large = ctx.id('queue-down-large');
      await ctx.control('emulator/stop');
      let small: number;
      let big: number;
      try {
        small = (await ctx.request('POST', '/events', { body: sampleEvent(id) })).status;
        big = (
          await ctx.request('POST', '/events', {
            body: sampleEvent(large, { metadata: { pad: 'x'.repeat(300_000) } }),
          })
        ).status;
      } finally {
        await ctx.control('emulator/start');
      }
      assert.ok(
        small === 503 && big === 503,
        `expected 503 while the queue is down, got ${small} and ${big}`,
      );
      const after = ctx.id('queue-up');
      assert.ok(
        (await ctx.request('POST', '/events', { body: sampleEvent(after) })).status === 202,
        'ingest after recovery',
      );
      await stored(ctx, after, 30_000);
      const [row] = await ctx.sql<
        { n: number }[]
      >`select count(*)::int as n from idempotency_keys where event_id = any(${[id, large]})`;
      assert.ok(row?.n === 0, 'an event refused with 503 must leave no trace');
    },
  },
];
