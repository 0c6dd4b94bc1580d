import { isValidEventId } from './eventId';
import type { CanonicalEvent, EventInput } from './eventSchema';
import { escapeForSqs } from './text';

function serialize(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') {
    return JSON.stringify(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (isOmitted(item) ? 'null' : serialize(item))).join(',')}]`;
  }
  if (typeof value === 'object') {
    const withToJson = value as { toJSON?: () => unknown };
    if (typeof withToJson.toJSON === 'function') return serialize(withToJson.toJSON());
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => !isOmitted(record[key]))
      .sort()
      .map((key) => `${JSON.stringify(key)}:${serialize(record[key])}`);
    return `{${members.join(',')}}`;
  }
  throw new TypeError(`canonicalJson: cannot serialize a ${typeof value}`);
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/**
 * JSON with object keys sorted recursively (by UTF-16 code units) and no whitespace — the
 * RFC 8785 (JCS) form for the JSON values events carry — so equal values give equal bytes
 * whatever their key order. Every character is one SQS carries raw (U+FFFE and U+FFFF are
 * escaped, as JSON.stringify already escapes control characters and unpaired surrogates).
 * Non-finite numbers and bigints throw instead of being altered.
 */
export function canonicalJson(value: unknown): string {
  return escapeForSqs(serialize(value));
}

/** The canonical payload of a validated event: its resolved id, stable key order. */
export function canonicalizeEvent(
  event: EventInput,
  eventId: string,
): { event: CanonicalEvent; json: string } {
  if (!isValidEventId(eventId)) throw new RangeError('canonicalizeEvent: invalid event id');
  const canonical: CanonicalEvent = { ...event, event_id: eventId };
  return { event: canonical, json: canonicalJson(canonical) };
}
