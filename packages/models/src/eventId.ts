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
 * millisecond starts the sequence at `randomStart` (a random value in its lower half), the
 * same (or an earlier, clock-stepped) millisecond increments it, and overflow borrows the
 * next millisecond — so ids from one process are strictly increasing.
 */
function nextClock(randomStart: number): { millis: number; sequence: number } {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = randomStart;
  } else if (sequence < 0xfff) {
    sequence += 1;
  } else {
    lastMillis += 1;
    sequence = randomStart;
  }
  return { millis: lastMillis, sequence };
}

/**
 * A new UUIDv7 (RFC 9562): time-ordered, so ids sort by creation time within a process. The
 * random bits come from one `crypto.randomUUID()`, a version 4 UUID from Node's buffered
 * CSPRNG: its variant and last 62 bits are exactly UUIDv7's `var` and `rand_b`, and its first
 * bits start the sequence. (Two `getRandomValues` calls per id made it 20 times slower.)
 */
export function newEventId(): string {
  const random = crypto.randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx
  const start = Number.parseInt(random.slice(0, 3), 16) & 0x7ff;
  const { millis, sequence: seq } = nextClock(start);
  const time = millis.toString(16).padStart(12, '0');
  const counter = seq.toString(16).padStart(3, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7${counter}-${random.slice(19)}`;
}
