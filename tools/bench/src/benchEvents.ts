import {
  authorizerContext,
  canonicalizeEvent,
  defaultTenant,
  type EventInput,
  scopes,
} from '@fluxa/models';
import { sampleEvents, seededRandom } from '@fluxa/samples';

/** The tenant every benchmark event belongs to. */
export const benchTenant = defaultTenant;

/** What the API key authorizer passes on for the benchmark's key: its tenant, every scope. */
export const benchAuthorizer = authorizerContext({
  client: 'bench',
  tenant_id: benchTenant,
  scopes: [...scopes],
});

/** Size of the canonical payload every pipeline benchmark event has ("1 KB events"). */
export const eventPayloadBytes = 1024;

/** A benchmark event: its id is always set (`<prefix>-<n>`). */
export type BenchEvent = EventInput & { event_id: string };

/** The samples' clock: fixed, so a seed gives the same events whatever the day. */
export const sampledAt = new Date(Date.UTC(2026, 0, 1));

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Seeded, hardly compressible text (a run of 'x' would flatter any compression). */
function filler(length: number, random: () => number): string {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = alphabet.charCodeAt(Math.floor(random() * alphabet.length));
  }
  return bytes.toString('latin1');
}

/**
 * `count` events from the CLI's seeded sample generator (realistic users,
 * merchants, currencies and amounts), with ids `<prefix>-<n>` so a run can find
 * its own rows, and metadata padded so each canonical payload is exactly
 * `eventPayloadBytes` long. The same arguments give the same events.
 */
export function benchEvents(prefix: string, count: number, seed = 1): BenchEvent[] {
  const random = seededRandom(seed);
  const samples = sampleEvents({
    count,
    users: 1_000,
    userPrefix: 'user',
    days: 30,
    now: sampledAt,
    random,
  });
  return samples.map((sample, i) => {
    const eventId = `${prefix}-${i}`;
    const event = { ...sample, event_id: eventId, metadata: { ...sample.metadata, note: '' } };
    const bytes = Buffer.byteLength(canonicalizeEvent(event, eventId).json);
    event.metadata.note = filler(Math.max(0, eventPayloadBytes - bytes), random);
    return event;
  });
}
