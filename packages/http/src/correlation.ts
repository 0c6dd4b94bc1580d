import { randomUUID } from 'node:crypto';
import { isValidCorrelationId } from '@fluxa/models';

/** The caller's X-Correlation-ID when it is 1–128 chars of [A-Za-z0-9._:-], else a new UUID. */
export function correlationIdFrom(headers: Record<string, string>): string {
  const given = headers['x-correlation-id'];
  return given !== undefined && isValidCorrelationId(given) ? given : randomUUID();
}
