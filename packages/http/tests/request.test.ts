import { gzipSync } from 'node:zlib';
import { apiGatewayEvent } from '@fluxa/local-runtime';
import { correlationIdFrom, type HttpError, jsonBodyText, parseRequest } from '../src';

const request = (headers: Record<string, string>, body: string | Buffer) =>
  parseRequest(apiGatewayEvent({ method: 'POST', resource: '/events', headers, body }));

describe('request parsing', () => {
  it('lower-cases header names and undoes base64 and gzip', () => {
    // Prepare
    const parsed = request(
      { 'Content-Type': 'application/json', 'CONTENT-ENCODING': 'gzip' },
      gzipSync('{"a":1}'),
    );

    // Act
    const text = jsonBodyText(parsed, 1024);

    // Assess
    expect(parsed.headers['content-type']).toBe('application/json');
    expect(text).toBe('{"a":1}');
  });

  it('refuses an unknown content encoding with 415', () => {
    const parsed = request({ 'content-type': 'application/json', 'content-encoding': 'br' }, '{}');
    expect(() => jsonBodyText(parsed, 1024)).toThrow(
      expect.objectContaining({ status: 415 }) as HttpError,
    );
  });

  it('reads a body marked gzip that API Gateway already inflated as it is', () => {
    const parsed = request(
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      '{"a":1}',
    );
    expect(jsonBodyText(parsed, 1024)).toBe('{"a":1}');
  });

  it('answers 400 INVALID_JSON for a truncated gzip body', () => {
    const parsed = request(
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync('{"a":1}').subarray(0, 12),
    );
    expect(() => jsonBodyText(parsed, 1024)).toThrow(
      expect.objectContaining({ code: 'INVALID_JSON' }) as HttpError,
    );
  });

  it('refuses a body over the wire limit with 413 though it fits the limit once read', () => {
    const parsed = request({ 'content-type': 'application/json' }, `"${'a'.repeat(200)}"`);
    expect(() => jsonBodyText(parsed, 1024, 100)).toThrow(
      expect.objectContaining({ status: 413, code: 'PAYLOAD_TOO_LARGE' }) as HttpError,
    );
  });

  it('reads a gzip body within the wire limit that inflates up to the larger limit', () => {
    const text = `"${'a'.repeat(900)}"`;
    const parsed = request(
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      gzipSync(text),
    );
    expect(jsonBodyText(parsed, 1024, 100)).toBe(text);
  });

  it('keeps a well-formed correlation id and replaces others', () => {
    expect(correlationIdFrom({ 'x-correlation-id': 'ok-1' })).toBe('ok-1');
    expect(correlationIdFrom({ 'x-correlation-id': '' })).not.toBe('');
    expect(correlationIdFrom({})).toMatch(/^[0-9a-f-]{36}$/);
  });
});
