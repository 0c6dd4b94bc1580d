import assert from 'node:assert/strict';
import { waitUntil } from '@fluxa/local-runtime';
import { exampleEvent } from '@fluxa/models';
import { type HarnessContext, sampleEvent, stored } from './context';
import { envelopeOf, produceAndAwaitDeadLetter } from './producer';

/** A pass/fail check of the running stack. */
export interface Scenario {
  name: string;
  run(ctx: HarnessContext): Promise<void>;
}

/** Waits until the main queue holds no message: whatever was enqueued has been processed. */
const drained = (ctx: HarnessContext) =>
  waitUntil(() => ctx.queueDrained(), {
    timeoutMs: 20_000,
    intervalMs: 250,
    what: 'the main queue drained',
  });

export const scenarios: Scenario[] = [
  {
    name: 'auth: no key is 401, an unknown key is 403, nothing is enqueued',
    async run(ctx) {
      const id = ctx.id('auth');
      const missing = await ctx.request('POST', '/events', { body: sampleEvent(id), key: null });
      const wrong = await ctx.request('POST', '/events', {
        body: sampleEvent(id),
        key: 'not-a-key',
      });
      assert.ok(missing.status === 401, `no key: expected 401, got ${missing.status}`);
      assert.ok(wrong.status === 403, `unknown key: expected 403, got ${wrong.status}`);
      assert.ok(
        (missing.body.error as { code?: string })?.code === 'UNAUTHORIZED',
        'no key: error code UNAUTHORIZED',
      );
      // Had either request reached the queue, the processor would have stored it by the time
      // the queue is empty again.
      await drained(ctx);
      const status = await ctx.request('GET', `/events/${id}/status`);
      assert.ok(
        status.status === 404,
        `a rejected request must enqueue nothing, status is ${status.status}`,
      );
    },
  },
  {
    name: 'happy path: 202, then stored, queryable, status stored, one notification',
    async run(ctx) {
      const id = ctx.id('happy');
      const accepted = await ctx.request('POST', '/events', {
        body: sampleEvent(id),
        headers: { 'X-Correlation-ID': id },
      });
      assert.ok(accepted.status === 202, `POST /events: expected 202, got ${accepted.status}`);
      assert.ok(accepted.headers.get('x-correlation-id') === id, 'correlation id echoed');
      await stored(ctx, id);
      const record = await ctx.request('GET', `/events/${id}`);
      assert.ok(
        record.body.amount === exampleEvent.amount && record.body.correlation_id === id,
        'stored record equals what was sent',
      );
      const status = await ctx.request('GET', `/events/${id}/status`);
      assert.ok(
        status.body.status === 'stored',
        `status: expected stored, got ${String(status.body.status)}`,
      );
      const notifications = await waitUntil(() => ctx.notificationCount(id), {
        timeoutMs: 10_000,
        intervalMs: 250,
        what: `a notification of ${id}`,
      });
      assert.ok(notifications === 1, `exactly one notification, got ${notifications}`);
    },
  },
  {
    name: 'batch ingest: per-item results, every valid event stored',
    async run(ctx) {
      const ids = Array.from({ length: 20 }, (_, i) => ctx.id(`batch-${i}`));
      const events = ids.map((id, i) =>
        i % 10 === 3 ? sampleEvent(id, { amount: -1 }) : sampleEvent(id),
      );
      const reply = await ctx.request('POST', '/events/batch', { body: { events } });
      assert.ok(reply.status === 202, `expected 202, got ${reply.status}`);
      assert.ok(
        reply.body.accepted === 18 && reply.body.rejected === 2,
        `expected 18/2, got ${reply.body.accepted}/${reply.body.rejected}`,
      );
      const valid = ids.filter((_, i) => i % 10 !== 3);
      await waitUntil(
        async () => {
          const [row] = await ctx.sql<
            { n: number }[]
          >`select count(*)::int as n from events where event_id = any(${valid})`;
          return row?.n === valid.length;
        },
        { timeoutMs: 20_000, intervalMs: 250, what: 'every accepted event stored' },
      );
    },
  },
  {
    name: 'duplicate event_id sent twice (a client retrying after its 202): one row, one notification, nothing dead-lettered',
    async run(ctx) {
      const id = ctx.id('dup');
      const event = sampleEvent(id); // the same bytes twice: a retry, not a conflicting reuse
      const first = await ctx.request('POST', '/events', { body: event });
      assert.ok(first.status === 202, `first send: expected 202, got ${first.status}`);
      await stored(ctx, id);
      const retry = await ctx.request('POST', '/events', { body: event });
      assert.ok(retry.status === 202, `retry: expected 202, got ${retry.status}`);
      await drained(ctx);
      const [row] = await ctx.sql<
        { n: number }[]
      >`select count(*)::int as n from events where event_id = ${id}`;
      assert.ok(row?.n === 1, `expected one row, found ${row?.n}`);
      assert.ok((await ctx.notificationCount(id)) === 1, 'expected exactly one notification');
      assert.ok(!(await ctx.deadLetters()).has(id), 'the retry was dead-lettered');
    },
  },
  {
    name: 'payload just under the inline limit travels INLINE, just over through S3; both retrievable',
    async run(ctx) {
      const under = ctx.id('under');
      const over = ctx.id('over');
      await ctx.request('POST', '/events', {
        body: sampleEvent(under, { metadata: { pad: 'u'.repeat(259_000) } }),
      });
      await ctx.request('POST', '/events', {
        body: sampleEvent(over, { metadata: { pad: 'o'.repeat(263_000) } }),
      });
      await stored(ctx, under);
      await stored(ctx, over);
      const a = await ctx.request('GET', `/events/${under}`);
      const b = await ctx.request('GET', `/events/${over}`);
      assert.ok(
        a.body.payload_mode === 'INLINE',
        `under: expected INLINE, got ${String(a.body.payload_mode)}`,
      );
      assert.ok(
        b.body.payload_mode === 'S3',
        `over: expected S3, got ${String(b.body.payload_mode)}`,
      );
      assert.ok(
        (b.body.metadata as { pad: string }).pad.length === 263_000,
        'S3 payload read back whole',
      );
    },
  },
  {
    name: 'invalid event: 400 listing every violation',
    async run(ctx) {
      const reply = await ctx.request('POST', '/events', {
        body: {
          user_id: '',
          amount: 1.234,
          currency: 'usd',
          timestamp: 'yesterday',
          colour: 'red',
        },
      });
      assert.ok(reply.status === 400, `expected 400, got ${reply.status}`);
      const details = ((reply.body.error as { details?: { field: string }[] })?.details ?? []).map(
        (d) => d.field,
      );
      for (const field of ['user_id', 'currency', 'merchant', 'timestamp', 'colour']) {
        assert.ok(
          details.includes(field),
          `violation for ${field} missing (got ${details.join(', ')})`,
        );
      }
    },
  },
  {
    name: 'tampered envelope (hash mismatch): DLQ with reason, nothing persisted',
    async run(ctx) {
      const id = ctx.id('tampered');
      const tampered = envelopeOf(ctx.info.tenant_id, id, JSON.stringify(sampleEvent(id)), {
        sha256: '0'.repeat(64),
      });
      const code = await produceAndAwaitDeadLetter(ctx, tampered);
      assert.ok(code === 'HASH_MISMATCH', `expected HASH_MISMATCH in the DLQ, got ${code}`);
      assert.ok(
        (await ctx.request('GET', `/events/${id}`)).status === 404,
        'a tampered event must not be stored',
      );
    },
  },
  {
    name: 'query: 200 for a stored event, 404 for an unknown one, 400 for a malformed id',
    async run(ctx) {
      const id = ctx.id('query');
      await ctx.request('POST', '/events', { body: sampleEvent(id) });
      await stored(ctx, id);
      assert.ok(
        (await ctx.request('GET', `/events/${ctx.id('absent')}`)).status === 404,
        'unknown id: 404',
      );
      assert.ok((await ctx.request('GET', '/events/bad%20id')).status === 400, 'malformed id: 400');
      const list = await ctx.request('GET', `/events?user_id=${exampleEvent.user_id}&limit=5`);
      assert.ok(list.status === 200 && Array.isArray(list.body.items), 'list: 200 with items');
      assert.ok(
        (await ctx.request('GET', '/health', { key: null })).status === 200,
        '/health needs no key',
      );
    },
  },
];
