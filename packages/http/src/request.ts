import { gunzipSync } from 'node:zlib';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { HttpError } from './httpError';

/** An API Gateway REST proxy event reduced to what handlers use; header names lower-cased. */
export interface HttpRequest {
  method: string;
  /** The matched resource template, e.g. `/events/{event_id}`. */
  resource: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  pathParameters: Record<string, string>;
  /** Raw body bytes as the client sent them (base64 undone, still compressed). */
  rawBody: Buffer;
  requestId: string;
}

/** Normalises a proxy event: header names in lower case, base64 bodies decoded. */
export function parseRequest(event: APIGatewayProxyEvent): HttpRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.queryStringParameters ?? {})) {
    if (value !== undefined) query[name] = value;
  }
  const pathParameters: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.pathParameters ?? {})) {
    if (value !== undefined) pathParameters[name] = value;
  }
  const body = event.body ?? '';
  return {
    method: event.httpMethod.toUpperCase(),
    resource: event.resource,
    path: event.path,
    headers,
    query,
    pathParameters,
    rawBody: Buffer.from(body, event.isBase64Encoded ? 'base64' : 'utf8'),
    requestId: event.requestContext?.requestId ?? '',
  };
}

/**
 * The JSON body text of a request: 415 unless Content-Type is application/json,
 * gzip undone when Content-Encoding says so, 413 past `maxBytes` (checked on the
 * compressed and the decompressed size, so a small gzip bomb is refused too).
 */
export function jsonBodyText(request: HttpRequest, maxBytes: number): string {
  const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== 'application/json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  const tooLarge = () => new HttpError(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${maxBytes} bytes`);
  if (request.rawBody.length > maxBytes) throw tooLarge();
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return request.rawBody.toString('utf8');
  if (encoding !== 'gzip') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip or identity');
  }
  // API Gateway may have inflated the body already while leaving the header in place.
  const gzipMagic = request.rawBody[0] === 0x1f && request.rawBody[1] === 0x8b;
  if (!gzipMagic) return request.rawBody.toString('utf8');
  try {
    return gunzipSync(request.rawBody, { maxOutputLength: maxBytes }).toString('utf8');
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      throw tooLarge();
    }
    throw new HttpError(400, 'INVALID_JSON', 'body is not valid gzip');
  }
}
