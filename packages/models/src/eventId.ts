import { eventIdPattern, maxEventIdLength } from './schemaFragments';

const eventIdRegExp = new RegExp(eventIdPattern);

/** Whether a string is an acceptable event id: same pattern and length as the event schema. */
export function isValidEventId(id: string): boolean {
  return id.length >= 1 && id.length <= maxEventIdLength && eventIdRegExp.test(id);
}

let lastMillis = -1;
let sequence = 0;

/**
 * Advances the 48-bit timestamp + 12-bit sequence (RFC 9562 §6.2 method 1): a new
 * millisecond starts the sequence at a random value in its lower half, the same (or an
 * earlier, clock-stepped) millisecond increments it, and overflow borrows the next
 * millisecond — so ids from one process are strictly increasing.
 */
function nextClock(): { millis: number; sequence: number } {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = randomBits(11);
  } else if (sequence < 0xfff) {
    sequence += 1;
  } else {
    lastMillis += 1;
    sequence = randomBits(11);
  }
  return { millis: lastMillis, sequence };
}

function randomBits(bits: number): number {
  const [value = 0] = crypto.getRandomValues(new Uint16Array(1));
  return value & ((1 << bits) - 1);
}

/** A new UUIDv7 (RFC 9562): time-ordered, so ids sort by creation time within a process. */
export function newEventId(): string {
  const { millis, sequence: seq } = nextClock();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const high = Math.floor(millis / 2 ** 16);
  bytes[0] = (high >>> 24) & 0xff;
  bytes[1] = (high >>> 16) & 0xff;
  bytes[2] = (high >>> 8) & 0xff;
  bytes[3] = high & 0xff;
  bytes[4] = (millis >>> 8) & 0xff;
  bytes[5] = millis & 0xff;
  bytes[6] = 0x70 | (seq >>> 8);
  bytes[7] = seq & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
