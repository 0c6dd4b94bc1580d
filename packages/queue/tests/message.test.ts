import {
  chunkBySize,
  decodeEnvelope,
  encodeEnvelope,
  inlineEnvelope,
  MalformedEnvelopeError,
  messageSize,
} from '../src';

const envelope = inlineEnvelope({
  tenantId: 'acme',
  eventId: 'e-1',
  correlationId: 'c-1',
  payload: '{"a":"é"}',
  sha256: 'a'.repeat(64),
  receivedAt: new Date('2026-01-01T00:00:00Z'),
});

describe('queue messages', () => {
  it('counts body bytes plus each attribute name, type and value, as SQS does', () => {
    // Prepare
    const message = encodeEnvelope(envelope);

    // Act
    const size = messageSize(message);

    // Assess
    const attributes =
      'tenant_id'.length + 6 + 4 + 'correlation_id'.length + 6 + 3 + 'event_id'.length + 6 + 3;
    expect(size).toBe(Buffer.byteLength(message.body) + attributes);
  });

  it('round-trips an envelope through encode and decode', () => {
    expect(decodeEnvelope(encodeEnvelope(envelope).body)).toEqual(envelope);
  });

  it('reads a version 1 envelope, written before tenancy, as the version 2 envelope of tenant default', () => {
    // Prepare
    const { tenant_id: _none, ...v1 } = { ...envelope, v: 1 };

    // Act
    const decoded = decodeEnvelope(JSON.stringify(v1));

    // Assess
    expect(decoded).toEqual({ ...v1, v: 2, tenant_id: 'default' });
  });

  it.each(['not json', '{"v":2}', JSON.stringify({ ...envelope, payload_sha256: 'xyz' })])(
    'refuses %s as a MalformedEnvelopeError',
    (body) => {
      expect(() => decodeEnvelope(body)).toThrow(MalformedEnvelopeError);
    },
  );

  it('chunks by count and by total bytes, keeping order', () => {
    // Act
    const byCount = chunkBySize(
      Array.from({ length: 23 }, () => 1),
      (n) => n,
      { maxCount: 10, maxBytes: 1000 },
    );
    const byBytes = chunkBySize([400, 400, 400, 50], (n) => n, { maxCount: 10, maxBytes: 1000 });

    // Assess
    expect(byCount.map((c) => c.length)).toEqual([10, 10, 3]);
    expect(byBytes).toEqual([
      [0, 1],
      [2, 3],
    ]);
  });
});
