import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayRequestAuthorizerEvent } from 'aws-lambda';

export interface ApiRequest {
  method: string;
  /** Resource template as API Gateway matched it, e.g. `/events/{event_id}`. */
  resource: string;
  path?: string;
  headers?: Record<string, string>;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  body?: string | Buffer;
  /** Send the body base64-encoded, as API Gateway does for binary media types. */
  base64?: boolean;
  /** The client's address, as API Gateway reports it. */
  sourceIp?: string;
  /** The stage name in the invoked URL. */
  stage?: string;
  /** The context the API key authorizer returned for the request's key (keyed routes). */
  authorizer?: Record<string, string>;
}

/**
 * An API Gateway REST proxy event, shaped as AWS delivers it: what the local API server
 * hands the bundled handlers, and what tests hand the handler factories.
 */
export function apiGatewayEvent(request: ApiRequest): APIGatewayProxyEvent {
  const body =
    request.body === undefined
      ? null
      : request.base64 || Buffer.isBuffer(request.body)
        ? Buffer.from(request.body).toString('base64')
        : request.body;
  const headers = request.headers ?? {};
  return {
    httpMethod: request.method,
    resource: request.resource,
    path: request.path ?? request.resource,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: request.query ?? null,
    multiValueQueryStringParameters: request.query
      ? Object.fromEntries(Object.entries(request.query).map(([k, v]) => [k, [v]]))
      : null,
    pathParameters: request.pathParameters ?? null,
    stageVariables: null,
    body,
    isBase64Encoded: body !== null && (request.base64 === true || Buffer.isBuffer(request.body)),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      authorizer: request.authorizer ?? null,
      protocol: 'HTTP/1.1',
      httpMethod: request.method,
      identity: {
        accessKey: null,
        accountId: null,
        apiKey: null,
        apiKeyId: null,
        caller: null,
        clientCert: null,
        cognitoAuthenticationProvider: null,
        cognitoAuthenticationType: null,
        cognitoIdentityId: null,
        cognitoIdentityPoolId: null,
        principalOrgId: null,
        sourceIp: request.sourceIp ?? '127.0.0.1',
        user: null,
        userAgent: userAgentOf(headers),
        userArn: null,
      },
      path: request.path ?? request.resource,
      stage: request.stage ?? 'local',
      requestId: randomUUID(),
      requestTimeEpoch: Date.now(),
      resourceId: 'local',
      resourcePath: request.resource,
    },
  };
}

function userAgentOf(headers: Record<string, string>): string | null {
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === 'user-agent');
  return entry?.[1] ?? null;
}

/**
 * The REQUEST authorizer event API Gateway sends before it proxies `event`: the request's
 * headers, query and path, and the ARN of the method it asks for.
 */
export function authorizerRequestEvent(
  event: APIGatewayProxyEvent,
): APIGatewayRequestAuthorizerEvent {
  const { accountId, apiId, stage, httpMethod } = event.requestContext;
  return {
    type: 'REQUEST',
    methodArn: `arn:aws:execute-api:us-east-1:${accountId}:${apiId}/${stage}/${httpMethod}${event.path}`,
    resource: event.resource,
    path: event.path,
    httpMethod: event.httpMethod,
    headers: event.headers,
    multiValueHeaders: event.multiValueHeaders,
    pathParameters: event.pathParameters,
    queryStringParameters: event.queryStringParameters,
    multiValueQueryStringParameters: event.multiValueQueryStringParameters,
    stageVariables: event.stageVariables,
    // Before it runs, no authorizer context exists yet.
    requestContext: { ...event.requestContext, authorizer: undefined },
  };
}
