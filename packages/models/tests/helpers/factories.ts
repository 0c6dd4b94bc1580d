import { createHash } from 'node:crypto';

/** The reference "now" every validation test uses. */
export const now = new Date('2026-06-01T12:00:00.000Z');

/** A valid request event as a client would send it, with any fields replaced. */
export function buildEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    event_id: 'evt-0001',
    user_id: 'user-42',
    amount: 10.5,
    currency: 'USD',
    merchant: 'Corner Coffee',
    timestamp: '2026-06-01T11:59:00Z',
    metadata: { channel: 'pos' },
    ...overrides,
  };
}

/** A copy of `event` without the named field. */
export function without(event: Record<string, unknown>, field: string): Record<string, unknown> {
  const { [field]: _removed, ...rest } = event;
  return rest;
}

/** A metadata object with `count` keys. */
export function metadataWithKeys(count: number): Record<string, number> {
  return Object.fromEntries(Array.from({ length: count }, (_, index) => [`key${index}`, index]));
}

/** A timestamp `offsetMs` after {@link now}, in RFC 3339 form. */
export function timestampAfterNow(offsetMs: number): string {
  return new Date(now.getTime() + offsetMs).toISOString();
}

const payload = '{"amount":10.5,"currency":"USD"}';

/** A valid INLINE queue envelope, with any fields replaced. */
export function buildInlineEnvelope(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    event_id: 'evt-0001',
    correlation_id: 'corr-1',
    payload_mode: 'INLINE',
    payload_inline: payload,
    payload_sha256: createHash('sha256').update(payload).digest('hex'),
    received_at: '2026-06-01T12:00:00.000Z',
    ...overrides,
  };
}

/** A valid S3 queue envelope, with any fields replaced. */
export function buildS3Envelope(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    event_id: 'evt-0001',
    correlation_id: 'corr-1',
    payload_mode: 'S3',
    s3_bucket: 'fluxa-payloads',
    s3_key: 'raw/2026-06-01/evt-0001.json',
    payload_sha256: 'a'.repeat(64),
    received_at: '2026-06-01T12:00:00.000Z',
    ...overrides,
  };
}
