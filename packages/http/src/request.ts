import { gunzipSync } from 'node:zlib';
import { type Caller, callerFrom } from '@fluxa/models';
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
  /** Who sent it, as the API key authorizer told API Gateway; absent on anonymous routes. */
  caller?: Caller;
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
    ...withCaller(callerFrom(event.requestContext?.authorizer)),
  };
}

/**
 * 415 unless the media type is `application/json` and a `charset` parameter, if any, is
 * UTF-8 (JSON is UTF-8 by definition; a body labelled otherwise would be stored misread).
 */
function checkContentType(header: string | undefined): void {
  const [mediaType = '', ...parameters] = (header ?? '').split(';');
  if (mediaType.trim().toLowerCase() !== 'application/json') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Type must be application/json');
  }
  for (const parameter of parameters) {
    const [name = '', value = ''] = parameter.split('=');
    if (name.trim().toLowerCase() !== 'charset') continue;
    if (
      value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase() !== 'utf-8'
    ) {
      throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'the only accepted charset is utf-8');
    }
  }
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text: 400 for bytes that are not UTF-8, instead of storing U+FFFD in their place. */
function decodeUtf8(bytes: Uint8Array): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new HttpError(400, 'INVALID_JSON', 'body is not valid UTF-8');
  }
}

/**
 * The JSON body text of a request: 415 unless Content-Type is application/json (charset
 * utf-8 if given), gzip undone when Content-Encoding says so, 413 past `maxWireBytes` as sent
 * (default `maxBytes`) and past `maxBytes` once decompressed (so a small gzip bomb is refused
 * too), 400 unless the bytes are valid UTF-8. The wire limit exists on its own because API
 * Gateway hands Lambda the body base64-encoded, and Lambda takes at most 6 MB per invocation.
 */
export function jsonBodyText(
  request: HttpRequest,
  maxBytes: number,
  maxWireBytes: number = maxBytes,
): string {
  checkContentType(request.headers['content-type']);
  const tooLarge = (limit: number, where: string) =>
    new HttpError(413, 'PAYLOAD_TOO_LARGE', `body exceeds ${limit} bytes ${where}`);
  if (request.rawBody.length > maxWireBytes) throw tooLarge(maxWireBytes, 'as sent');
  const encoding = (request.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity') return decodeUtf8(request.rawBody);
  if (encoding !== 'gzip') {
    throw new HttpError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Content-Encoding must be gzip or identity');
  }
  // API Gateway may have inflated the body already while leaving the header in place.
  const gzipMagic = request.rawBody[0] === 0x1f && request.rawBody[1] === 0x8b;
  if (!gzipMagic) return decodeUtf8(request.rawBody);
  let inflated: Buffer;
  try {
    inflated = gunzipSync(request.rawBody, { maxOutputLength: maxBytes });
  } catch (error) {
    if (
      error instanceof RangeError ||
      (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE'
    ) {
      throw tooLarge(maxBytes, 'once decompressed');
    }
    throw new HttpError(400, 'INVALID_JSON', 'body is not valid gzip');
  }
  return decodeUtf8(inflated);
}

function withCaller(caller: Caller | undefined): { caller?: Caller } {
  return caller ? { caller } : {};
}

/**
 * For a route that takes no query parameters: one sent (a `limit` or `fields` a client expected
 * to work) is refused by name, never silently ignored.
 */
export function refuseQueryParameters(request: HttpRequest): void {
  const names = Object.keys(request.query);
  if (names.length === 0) return;
  throw new HttpError(400, 'VALIDATION_FAILED', 'this route takes no query parameters', {
    details: names.map((field) => ({
      field,
      code: 'UNKNOWN_FIELD',
      reason: 'is not a known field',
    })),
  });
}
