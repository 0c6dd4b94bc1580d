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
  ts: string;
  eventId: string;
}

/** Opaque, URL-safe cursor for a page position. */
export function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.ts, position.eventId])).toString('base64url');
}

/** Decodes a cursor from encodeCursor; throws InvalidCursorError for anything else. */
export function decodeCursor(cursor: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string' &&
      !Number.isNaN(Date.parse(value[0]))
    ) {
      return { ts: value[0], eventId: value[1] };
    }
  } catch {
    // fall through: not base64url JSON
  }
  throw new InvalidCursorError();
}
