import { randomUUID } from 'node:crypto';
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { correlationIdFrom, errorResponse } from '@fluxa/http';
import { apiGatewayEvent, authorizerRequestEvent } from '@fluxa/local-runtime';
import type { ErrorCode } from '@fluxa/models';
import type {
  APIGatewayAuthorizerResult,
  APIGatewayProxyEvent,
  APIGatewayProxyResult,
  APIGatewayRequestAuthorizerEvent,
  Context,
} from 'aws-lambda';
import { portVariables } from './options';
import { listen } from './ports';
import { tokenBucket } from './rateLimit';
import { matchRoute } from './routes';
import { errorText } from './stackErrors';

/** A Lambda handler as the bundles export it. */
export type ProxyHandler = (
  event: APIGatewayProxyEvent,
  context: Context,
) => Promise<APIGatewayProxyResult>;

/** The API key authorizer as its bundle exports it. */
export type AuthorizerHandler = (
  event: APIGatewayRequestAuthorizerEvent,
) => Promise<APIGatewayAuthorizerResult>;

export interface ApiServerOptions {
  port: number;
  handlers: {
    ingest: ProxyHandler;
    query: ProxyHandler;
    control: ProxyHandler;
    authorizer: AuthorizerHandler;
  };
  /** Each key's throttling, steady requests per second and burst, as its usage plan sets them. */
  rateLimit: { ratePerSecond: number; burst: number };
  /** API Gateway refuses bodies over 10 MB before any Lambda runs. */
  maxBodyBytes?: number;
}

/** Lambda's limit on a synchronous invocation's payload: the proxy event, body base64-encoded. */
const lambdaInvocationLimitBytes = 6 * 1024 * 1024;

/** A request whose headers or body have not all arrived after this long gets a 408. */
export const requestTimeoutMs = 10_000;

/**
 * The local API Gateway: turns each HTTP request into a REST proxy event for
 * the same bundled handlers `make package` zips, maps the result back. On the keyed routes
 * it runs the authorizer bundle as API Gateway does — no key 401, a denied key 403, an
 * allowed key's context on to the function — and throttles each key as its usage plan does.
 */
export async function startApiServer(
  options: ApiServerOptions,
): Promise<{ server: Server; url: string }> {
  const buckets = new Map<string, ReturnType<typeof tokenBucket>>();
  const bucketOf = (key: string) => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = tokenBucket(options.rateLimit.ratePerSecond, options.rateLimit.burst);
      buckets.set(key, bucket);
    }
    return bucket;
  };
  const server = createServer(
    {
      requestTimeout: requestTimeoutMs,
      headersTimeout: requestTimeoutMs,
      // How often Node checks those timeouts (default 30 s): a 408 comes within a second of them.
      connectionsCheckingInterval: 1_000,
    },
    (request, response) => {
      handle(request, response).catch((error: unknown) => {
        if (request.destroyed) return; // the client went away, or the edge already answered
        process.stderr.write(`api: ${errorText(error)}\n`);
        if (!response.headersSent)
          send(response, gatewayError(500, 'INTERNAL', 'internal error', request));
      });
    },
  );
  server.on('clientError', answerClientError);

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://local');
    const match = matchRoute(request.method ?? 'GET', url.pathname);
    if (match.kind !== 'found') {
      const message = `no route for ${request.method} ${url.pathname}`;
      return send(response, gatewayError(404, 'NOT_FOUND', message, request));
    }
    const proxyRequest = {
      method: match.route.method,
      resource: match.route.resource,
      path: url.pathname,
      headers: flatHeaders(request),
      query: Object.fromEntries(url.searchParams),
      pathParameters: match.pathParameters,
      sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
    };
    let authorizer: Record<string, string> | undefined;
    let usageKey = ''; // the anonymous routes share one bucket
    if (match.route.apiKeyRequired) {
      const key = headerOf(request, 'x-api-key');
      if (!key)
        return send(
          response,
          gatewayError(401, 'UNAUTHORIZED', 'x-api-key header is required', request),
        );
      const verdict = await options.handlers
        .authorizer(authorizerRequestEvent(apiGatewayEvent(proxyRequest)))
        .catch((error: unknown) => {
          process.stderr.write(`api: the authorizer failed: ${errorText(error)}\n`);
          return undefined;
        });
      // As API Gateway's AUTHORIZER_CONFIGURATION_ERROR response (api.tf): the authorizer
      // failed (its grants unreadable past their grace), so nobody is told the key is invalid.
      if (!verdict)
        return send(
          response,
          gatewayError(
            503,
            'SERVICE_UNAVAILABLE',
            'The API key could not be checked; retrying is safe',
            request,
            { 'Retry-After': '1' },
          ),
        );
      const allowed = verdict.policyDocument.Statement.every(
        (statement) => statement.Effect === 'Allow',
      );
      if (!allowed)
        return send(response, gatewayError(403, 'FORBIDDEN', 'the API key is not valid', request));
      authorizer = verdict.context as Record<string, string> | undefined;
      usageKey = verdict.usageIdentifierKey ?? key;
    }
    const wait = bucketOf(usageKey).take();
    if (wait > 0) {
      return send(
        response,
        gatewayError(429, 'THROTTLED', 'too many requests', request, {
          'Retry-After': String(wait),
        }),
      );
    }
    const body = await readBody(request, options.maxBodyBytes ?? 10 * 1024 * 1024);
    if (body === undefined) {
      return send(
        response,
        gatewayError(413, 'PAYLOAD_TOO_LARGE', 'request body exceeds 10 MB', request),
      );
    }
    // Bodies travel as bytes (base64), as API Gateway passes `application/json` declared a
    // binary media type: the handler, not the edge, decides what is valid UTF-8.
    const event = apiGatewayEvent({
      ...proxyRequest,
      ...(authorizer ? { authorizer } : {}),
      ...(body.length > 0 ? { body } : {}),
    });
    // Lambda takes at most 6 MB per invocation; API Gateway's invoke fails past it and the
    // client gets a 502 (an integration failure, in the API's error body) from the gateway.
    if (Buffer.byteLength(JSON.stringify(event)) > lambdaInvocationLimitBytes) {
      return send(response, gatewayError(502, 'INTERNAL', 'Internal error', request));
    }
    const result = await options.handlers[match.route.target](
      event,
      lambdaContext(match.route.target),
    );
    send(response, result);
  }

  const port = await listen(server, options.port, portVariables.apiPort);
  return { server, url: `http://127.0.0.1:${port}` };
}

function send(response: ServerResponse, result: APIGatewayProxyResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  for (const [name, values] of Object.entries(result.multiValueHeaders ?? {}))
    headers[name] = values.map(String);
  const body = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
  response.writeHead(result.statusCode, { ...headers, 'Content-Length': String(body.length) });
  response.end(body);
}

/** Errors API Gateway itself answers (auth, throttling, routing), in the API's error body. */
function gatewayError(
  status: number,
  code: ErrorCode,
  message: string,
  request: IncomingMessage,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return errorResponse(status, code, message, correlationIdFrom(flatHeaders(request)), { headers });
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function flatHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i < request.rawHeaders.length; i += 2) {
    headers[request.rawHeaders[i] ?? ''] = request.rawHeaders[i + 1] ?? '';
  }
  return headers;
}

/** What the HTTP layer answers itself, by Node's error code; anything else is a 400. */
const clientErrors: Record<string, { status: number; code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    code: 'REQUEST_TIMEOUT',
    message: `the request did not arrive in full within ${requestTimeoutMs / 1000} s`,
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'PAYLOAD_TOO_LARGE',
    message: 'the request headers are too large',
  },
};

/**
 * Answers a request the HTTP parser refused (malformed request line or header, bad
 * Content-Length, headers too large) or that did not arrive in time, with the same JSON
 * error body and headers as every other response, then closes the connection.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const known = clientErrors[error.code ?? ''] ?? {
    status: 400,
    code: 'BAD_REQUEST' as const,
    message: 'the request is not valid HTTP/1.1',
  };
  const result = errorResponse(known.status, known.code, known.message, randomUUID());
  const body = Buffer.from(result.body);
  const head = [
    `HTTP/1.1 ${known.status} ${STATUS_CODES[known.status] ?? 'Error'}`,
    ...Object.entries(result.headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    `Content-Length: ${body.length}`,
    'Connection: close',
  ];
  socket.end(Buffer.concat([Buffer.from(`${head.join('\r\n')}\r\n\r\n`), body]));
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function lambdaContext(functionName: string): Context {
  return {
    awsRequestId: randomUUID(),
    functionName: `fluxa-local-${functionName}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:fluxa-local-${functionName}`,
    memoryLimitInMB: '512',
    logGroupName: `/aws/lambda/fluxa-local-${functionName}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 30_000,
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
