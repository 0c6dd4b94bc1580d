import type { LogContext, Logger } from '@fluxa/logging';
import type { ErrorCode } from '@fluxa/models';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { correlationIdFrom } from './correlation';
import { HttpError } from './httpError';
import { type HttpRequest, parseRequest } from './request';
import { errorResponse } from './response';

/** What a route sees of its request: the request, its correlation id, a logger carrying both. */
export interface RequestScope {
  request: HttpRequest;
  correlationId: string;
  logger: Logger;
}

/** How one function answers what its routes throw, and what it records per response. */
export interface HttpHandlerOptions {
  logger: Logger;
  stage: string;
  /** A non-HttpError that means a dependency is down: answered 503 with this message. */
  unavailable?: { is: (error: unknown) => boolean; message: string };
  /**
   * Called once per response (metrics): its status, the error code when it is an error, and the
   * request (whose `caller` names the tenant once the key is known).
   */
  onResponse?: (
    status: number,
    code: ErrorCode | undefined,
    elapsedMs: number,
    request: HttpRequest,
  ) => void;
  /** Awaited after every response is built, e.g. to flush metrics. */
  finish?: () => Promise<void>;
}

/** What a route threw, as the client's answer: HttpError as it says, anything else 503 or 500. */
function answerFor(error: unknown, scope: RequestScope, options: HttpHandlerOptions): HttpError {
  if (error instanceof HttpError) {
    if (error.status >= 500) scope.logger.warn({ code: error.code }, error.message);
    return error;
  }
  if (options.unavailable?.is(error)) {
    scope.logger.error({ err: error }, 'a dependency is unavailable');
    return new HttpError(503, 'SERVICE_UNAVAILABLE', options.unavailable.message);
  }
  scope.logger.error({ err: error }, 'unexpected failure');
  return new HttpError(500, 'INTERNAL', 'internal error');
}

/**
 * A Lambda handler for API Gateway proxy events around `route`: parses the request, takes
 * its correlation id, gives the route a logger carrying the request's identity, and maps
 * whatever the route throws to the error body — the same way for every function.
 */
export function createHttpHandler(
  options: HttpHandlerOptions,
  route: (scope: RequestScope) => Promise<APIGatewayProxyResult>,
) {
  return async (event: APIGatewayProxyEvent, context?: Context): Promise<APIGatewayProxyResult> => {
    const started = performance.now();
    const request = parseRequest(event);
    const correlationId = correlationIdFrom(request.headers);
    const identity: LogContext = {
      correlation_id: correlationId,
      request_id: request.requestId,
      aws_request_id: context?.awsRequestId,
      stage: options.stage,
    };
    const logger = options.logger.child(identity);
    const scope = { request, correlationId, logger };
    let response: APIGatewayProxyResult;
    let code: ErrorCode | undefined;
    try {
      response = await route(scope);
    } catch (error) {
      const answer = answerFor(error, scope, options);
      code = answer.code;
      response = errorResponse(answer.status, answer.code, answer.message, correlationId, {
        details: answer.details,
        headers: answer.headers,
      });
    }
    options.onResponse?.(response.statusCode, code, performance.now() - started, request);
    await options.finish?.();
    return response;
  };
}

/** The 404 a function answers for a method and path it does not serve. */
export function noRoute(request: HttpRequest): HttpError {
  return new HttpError(404, 'NOT_FOUND', `no route for ${request.method} ${request.path}`);
}
