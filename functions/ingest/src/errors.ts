import type { IngestConfig } from '@fluxa/config';
import { HttpError } from '@fluxa/http';

/** The per-event size limit, the same for POST /events and for each item of a batch. */
export const eventTooLarge = (config: IngestConfig) =>
  new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the event exceeds ${config.maxEventBytes} bytes (MAX_EVENT_BYTES)`,
  );

/** The queue (or S3) is down: nothing was accepted, and retrying is safe. */
export const unavailable = (cause?: unknown) =>
  new HttpError(
    503,
    'SERVICE_UNAVAILABLE',
    'the event queue is unavailable; nothing was accepted, retrying is safe',
    { headers: { 'Retry-After': '1' }, cause },
  );

/** The event's user is suppressed (an erasure asked for it): refused until the suppression is lifted. */
export const userSuppressed = () =>
  new HttpError(400, 'USER_SUPPRESSED', 'events of this user are refused: it is suppressed', {
    details: [
      {
        field: 'user_id',
        code: 'INVALID_VALUE',
        reason: 'is suppressed (DELETE /suppressions/{user_id} lifts it)',
      },
    ],
  });
