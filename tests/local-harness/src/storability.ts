import assert from 'node:assert/strict';
import { waitUntil } from '@fluxa/local-runtime';
import { type HarnessContext, sampleEvent } from './context';
import { envelopeOf, produce } from './producer';
import type { Scenario } from './scenarios';

/** Bodies a careless or hostile client sends: each must be refused (400 or 415), never 5xx. */
const hostileBodies = (
  ctx: HarnessContext,
): { name: string; body: string | Buffer; type?: string }[] => {
  const base = sampleEvent(ctx.id('hostile-base'));
  const valid = JSON.stringify(base);
  /** The valid event as JSON text with one field's value replaced by a raw literal. */
  const withField = (field: string, literal: string) =>
    `{${Object.entries(base)
      .map(
        ([name, value]) =>
          `${JSON.stringify(name)}:${name === field ? literal : JSON.stringify(value)}`,
      )
      .join(',')}}`;
  return [
    { name: 'NUL in merchant', body: withField('merchant', '"Caf\\u0000e"') },
    { name: 'lone surrogate in user_id', body: withField('user_id', '"u\\ud800"') },
    { name: 'year 0000', body: withField('timestamp', '"0000-06-01T00:00:00Z"') },
    {
      name: 'year 1 before its offset',
      body: withField('timestamp', '"0001-01-01T00:30:00+01:00"'),
    },
    {
      name: 'seven fractional digits',
      body: withField('timestamp', '"2025-12-31T23:59:59.9999999Z"'),
    },
    { name: 'February 30', body: withField('timestamp', '"2026-02-30T10:00:00Z"') },
    { name: 'metadata beyond 2^53', body: withField('metadata', '{"n":12345678901234567890}') },
    { name: 'metadata 1e400', body: withField('metadata', '{"n":1e400}') },
    {
      name: 'invalid UTF-8',
      body: Buffer.concat([Buffer.from(valid.slice(0, -2)), Buffer.from([0xff, 0x22, 0x7d])]),
    },
    { name: 'latin1 charset', body: valid, type: 'application/json; charset=latin1' },
  ];
};

/** Valid events at the edges of every rule: each must be stored and read back as sent. */
const edgeEvents = (ctx: HarnessContext) => [
  { id: ctx.id('edge-emoji'), fields: { merchant: 'Coffee ☕🍩', user_id: '🍩'.repeat(255) } },
  { id: ctx.id('edge-nonchar'), fields: { merchant: 'Shop \uFFFE\uFFFF' } },
  {
    id: ctx.id('edge-year1'),
    fields: { timestamp: '0001-01-01T00:30:00+00:30' },
    utc: '0001-01-01T00:00:00.000000Z',
  },
  {
    id: ctx.id('edge-micro'),
    fields: { timestamp: '2025-12-31T23:59:59.999999Z' },
    utc: '2025-12-31T23:59:59.999999Z',
  },
  { id: ctx.id('edge-2-53'), fields: { metadata: { n: 9007199254740992, tiny: 5e-324 } } },
];

export const storability: Scenario = {
  name: 'hostile input and valid events interleaved from two clients: every valid one stored as sent, only the unstorable dead-lettered, each with a reason',
  async run(ctx) {
    const refused: string[] = [];
    const producerIds = ['nul', 'surrogate', 'year0'].map((k) => ctx.id(`producer-${k}`));
    const producerPayloads = [
      { merchant: 'Caf\u0000e' },
      { user_id: 'u\uD800' },
      { timestamp: '0000-06-01T00:00:00Z' },
    ];
    const valid = [
      ...edgeEvents(ctx),
      ...Array.from({ length: 10 }, (_, i) => ({ id: ctx.id(`client-b-${i}`), fields: {} })),
    ];
    const hostile = hostileBodies(ctx);
    for (let i = 0; i < Math.max(valid.length, hostile.length); i += 1) {
      const bad = hostile[i];
      if (bad) {
        const reply = await ctx.request('POST', '/events', {
          body: bad.body,
          headers: {
            'content-type': bad.type ?? 'application/json',
            'x-correlation-id': 'client-a',
          },
        });
        if (reply.status !== 400 && reply.status !== 415)
          refused.push(`${bad.name}: ${reply.status}`);
      }
      const producer = producerIds[i];
      if (producer) {
        const payload = { ...sampleEvent(producer), ...producerPayloads[i] };
        await produce(ctx, envelopeOf(ctx.info.tenant_id, producer, JSON.stringify(payload)));
      }
      const good = valid[i];
      if (good) {
        const reply = await ctx.request('POST', '/events', {
          body: { ...sampleEvent(good.id), ...good.fields },
          headers: { 'x-correlation-id': 'client-b' },
        });
        assert.ok(
          reply.status === 202,
          `valid event ${good.id}: expected 202, got ${reply.status}`,
        );
      }
    }
    assert.ok(
      refused.length === 0,
      `hostile bodies not refused with 400/415: ${refused.join('; ')}`,
    );
    await waitUntil(
      async () => {
        const [row] = await ctx.sql<{ n: number }[]>`
          select count(*)::int as n from events where event_id = any(${valid.map((v) => v.id)})`;
        return row?.n === valid.length;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'every valid event stored' },
    );
    for (const event of edgeEvents(ctx)) {
      const record = (await ctx.request('GET', `/events/${event.id}`)).body;
      const sent = { ...sampleEvent(event.id), ...event.fields } as Record<string, unknown>;
      for (const field of ['user_id', 'merchant', 'metadata'] as const) {
        assert.ok(
          JSON.stringify(record[field]) === JSON.stringify(sent[field]),
          `${event.id}: ${field} read back differently`,
        );
      }
      if ('utc' in event)
        assert.ok(
          record.timestamp === event.utc,
          `${event.id}: timestamp ${String(record.timestamp)}`,
        );
    }
    const dead = await waitUntil(
      async () => {
        const letters = await ctx.deadLetters();
        return producerIds.every((id) => letters.has(id)) ? letters : undefined;
      },
      { timeoutMs: 15_000, intervalMs: 250, what: 'every unstorable envelope in the DLQ' },
    );
    for (const id of producerIds) {
      assert.ok(dead.get(id) === 'INVALID_PAYLOAD', `${id}: DLQ error_code ${dead.get(id)}`);
    }
    const misplaced = valid.filter((v) => dead.has(v.id)).map((v) => v.id);
    assert.ok(misplaced.length === 0, `valid events in the DLQ: ${misplaced.join(', ')}`);
  },
};
