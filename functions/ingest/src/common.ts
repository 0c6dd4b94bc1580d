import type { IngestConfig } from '@fluxa/config';
import { HttpError } from '@fluxa/http';
import { parseJson } from '@fluxa/models';
import { putPayload } from '@fluxa/storage';
import type { IngestDeps } from './deps';
import type { PreparedEvent } from './prepare';

/** The body as JSON, or 400 INVALID_JSON (repeated keys and invalid numbers included). */
export function parseBody(text: string) {
  const parsed = parseJson(text);
  if (!parsed.ok) throw new HttpError(400, 'INVALID_JSON', parsed.message);
  return parsed;
}

/** The per-event size limit, the same for POST /events and for each item of a batch. */
export const eventTooLarge = (config: IngestConfig) =>
  new HttpError(
    413,
    'PAYLOAD_TOO_LARGE',
    `the event exceeds ${config.maxEventBytes} bytes (MAX_EVENT_BYTES)`,
  );

/** The queue (or S3) is down: nothing was accepted, and retrying is safe. */
export const unavailable = () =>
  new HttpError(
    503,
    'SERVICE_UNAVAILABLE',
    'the event queue is unavailable; nothing was accepted, retrying is safe',
    undefined,
    { 'Retry-After': '1' },
  );

/** Puts an over-the-limit payload in S3; the message that points at it is sent after. */
export async function storeLargePayload(
  prepared: PreparedEvent,
  deps: Pick<IngestDeps, 's3' | 'metrics'>,
): Promise<void> {
  if (!prepared.s3Object) {
    deps.metrics.count('payload_inline_count');
    return;
  }
  const { bucket, key, payload, sha256 } = prepared.s3Object;
  await putPayload(await deps.s3(), { bucket, key }, payload, sha256);
  deps.metrics.count('s3_puts');
  deps.metrics.count('payload_s3_count');
}
