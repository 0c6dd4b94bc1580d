import { type SchemaName, validateAgainst } from '../src';

const examples: Array<[SchemaName, unknown]> = [
  [
    'errorBody',
    {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'The event is invalid.',
        details: [{ field: 'amount', code: 'INVALID_VALUE', reason: 'must be greater than 0' }],
      },
      correlation_id: 'c0rr-1',
    },
  ],
  ['accepted', { event_id: 'evt-1', status: 'enqueued', correlation_id: 'c-1' }],
  [
    'batchResult',
    {
      accepted: 1,
      rejected: 1,
      failed: 1,
      results: [
        { index: 0, status: 'enqueued', event_id: 'evt-1' },
        { index: 1, status: 'rejected', error: { code: 'VALIDATION_FAILED', message: 'Invalid.' } },
        { index: 2, status: 'failed', retryable: true, event_id: 'evt-3' },
      ],
    },
  ],
  [
    'eventList',
    {
      items: [
        {
          tenant_id: 'default',
          event_id: 'evt-1',
          correlation_id: 'c-1',
          user_id: 'u',
          amount: 10.5,
          currency: 'USD',
          merchant: 'm',
          timestamp: '2026-06-01T11:00:00.000Z',
          metadata: null,
          payload_mode: 'S3',
          s3_key: 'raw/default/2026-06-01/evt-1.json',
          payload_sha256: 'f'.repeat(64),
          received_at: '2026-06-01T11:00:01.000Z',
          created_at: '2026-06-01T11:00:02.000Z',
        },
      ],
      next_cursor: null,
    },
  ],
  [
    'eventStatus',
    {
      event_id: 'evt-1',
      status: 'failed',
      attempts: 1,
      first_seen_at: '2026-06-01T11:00:00Z',
      last_seen_at: '2026-06-01T11:00:00Z',
      error_reason: 'HASH_MISMATCH',
    },
  ],
  ['health', { status: 'healthy', version: '0.2.0' }],
  ['readiness', { status: 'ready', checks: { database: 'ok' } }],
];

describe('response schemas', () => {
  it.each(examples)('accept a well-formed %s body', (name, body) => {
    // Act
    const result = validateAgainst(name, body);

    // Assess
    expect(result).toEqual({ ok: true, value: body });
  });

  it('reject an error body with an unknown error code', () => {
    // Act
    const result = validateAgainst('errorBody', {
      error: { code: 'TEAPOT', message: 'x' },
      correlation_id: 'c',
    });

    // Assess
    expect(result.ok === false && result.violations.map((v) => v.field)).toEqual(['error.code']);
  });
});
