import { validateEnvelope } from '../src';
import { buildInlineEnvelope, buildS3Envelope } from './helpers/factories';

describe('validateEnvelope', () => {
  it('accepts a valid INLINE envelope', () => {
    // Prepare
    const envelope = buildInlineEnvelope();

    // Act
    const result = validateEnvelope(envelope);

    // Assess
    expect(result).toEqual({ ok: true, value: envelope });
  });

  it('accepts a valid S3 envelope', () => {
    // Act
    const result = validateEnvelope(buildS3Envelope());

    // Assess
    expect(result.ok).toBe(true);
  });

  it('rejects an INLINE envelope without payload_inline', () => {
    // Prepare
    const { payload_inline: _payload, ...envelope } = buildInlineEnvelope();

    // Act
    const result = validateEnvelope(envelope);

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: 'payload_inline', code: 'MISSING_FIELD', reason: 'is required' }],
    });
  });

  it('rejects an S3 envelope without s3_key', () => {
    // Prepare
    const { s3_key: _key, ...envelope } = buildS3Envelope();

    // Act
    const result = validateEnvelope(envelope);

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: 's3_key', code: 'MISSING_FIELD', reason: 'is required' }],
    });
  });

  it('rejects an INLINE envelope that also names an S3 location', () => {
    // Act
    const result = validateEnvelope(buildInlineEnvelope({ s3_key: 'raw/x.json' }));

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: 's3_key', code: 'INVALID_VALUE', reason: 'must not be present here' }],
    });
  });

  it.each([
    ['too short', 'abc123'],
    ['upper-case', 'A'.repeat(64)],
    ['not hex', 'g'.repeat(64)],
  ])('rejects a payload_sha256 that is %s', (_label, sha) => {
    // Act
    const result = validateEnvelope(buildInlineEnvelope({ payload_sha256: sha }));

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [
        {
          field: 'payload_sha256',
          code: 'INVALID_VALUE',
          reason: 'must be 64 lower-case hexadecimal digits',
        },
      ],
    });
  });

  it.each([
    ['another version', { v: 3 }, 'v'],
    ['version 2 without a tenant', { v: 2 }, 'tenant_id'],
    ['version 1 with a tenant', { tenant_id: 'acme' }, 'tenant_id'],
    ['a malformed tenant', { v: 2, tenant_id: 'Acme Corp' }, 'tenant_id'],
    ['an unknown payload_mode', { payload_mode: 'SQS' }, 'payload_mode'],
    ['an invalid event_id', { event_id: 'bad id' }, 'event_id'],
    ['a received_at without offset', { received_at: '2026-06-01T12:00:00' }, 'received_at'],
  ])('rejects an envelope with %s', (_label, overrides, field) => {
    // Act
    const result = validateEnvelope(buildInlineEnvelope(overrides));

    // Assess
    expect(result.ok === false && result.violations.map((v) => v.field)).toEqual([field]);
  });

  it('accepts version 2 with its tenant, and version 1 without one', () => {
    // Act
    const v2 = validateEnvelope(buildInlineEnvelope({ v: 2, tenant_id: 'acme' }));
    const v1 = validateEnvelope(buildInlineEnvelope());

    // Assess
    expect([v2.ok, v1.ok]).toEqual([true, true]);
  });

  it('rejects an envelope with an unknown field', () => {
    // Act
    const result = validateEnvelope(buildInlineEnvelope({ payload: {} }));

    // Assess
    expect(result).toEqual({
      ok: false,
      violations: [{ field: 'payload', code: 'UNKNOWN_FIELD', reason: 'is not a known field' }],
    });
  });
});
