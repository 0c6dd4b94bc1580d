import type { ErrorBody, ErrorCode, Violation } from '@fluxa/models';
import type { APIGatewayProxyResult } from 'aws-lambda';

/** Headers on every response. */
function baseHeaders(correlationId: string): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'X-Correlation-ID': correlationId,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/** A JSON response with the headers every response carries. */
export function jsonResponse(
  status: number,
  body: unknown,
  correlationId: string,
  headers: Record<string, string> = {},
): APIGatewayProxyResult {
  return {
    statusCode: status,
    headers: { ...baseHeaders(correlationId), ...headers },
    body: JSON.stringify(body),
  };
}

/** The error body: code, message, optional details, correlation id. */
export function errorResponse(
  status: number,
  code: ErrorCode,
  message: string,
  correlationId: string,
  options: { details?: Violation[]; headers?: Record<string, string> } = {},
): APIGatewayProxyResult {
  const body: ErrorBody = {
    error: { code, message, ...(options.details ? { details: options.details } : {}) },
    correlation_id: correlationId,
  };
  return jsonResponse(status, body, correlationId, options.headers);
}
