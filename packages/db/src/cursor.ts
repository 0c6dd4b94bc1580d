import { checkTimestamp, isValidEventId } from '@fluxa/models';

/** Thrown for a list cursor this service did not issue. */
export class InvalidCursorError extends Error {
  readonly code = 'INVALID_CURSOR';
  constructor() {
    super('cursor is not one this service issued');
    this.name = 'InvalidCursorError';
  }
}

/** The last row of a page: where the next page starts (keyset on ts desc, event_id desc). */
export interface PagePosition {
  /** The row's timestamp as the UTC instant stored. */
  ts: string;
  eventId: string;
}

/** Opaque, URL-safe cursor for a page position. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.ts, position.eventId])).toString('base64url');
}

function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Decodes a cursor from encodeCursor, holding what it carries to the rules of the values it
 * stands for (a storable instant, a valid event id), so a forged cursor is a 400, never a
 * database error. Throws InvalidCursorError for anything else.
 */
export function decodeCursor(cursor: string): PagePosition {
  const value = parseCursor(cursor);
  if (!Array.isArray(value) || value.length !== 2) throw new InvalidCursorError();
  const [ts, eventId] = value as unknown[];
  if (typeof ts !== 'string' || typeof eventId !== 'string' || !isValidEventId(eventId)) {
    throw new InvalidCursorError();
  }
  const checked = checkTimestamp(ts);
  if (!checked.ok) throw new InvalidCursorError();
  return { ts: checked.instant.utc, eventId };
}
