import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Deadline } from './deadline';

/** An API Gateway proxy handler, as `createIngestHandler` and `createQueryHandler` build it. */
export type ProxyHandler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

/**
 * Times up to `count` sequential calls of an in-process handler (fewer once the
 * deadline has passed), each request built before its clock starts. `check`
 * throws on an answer that voids the measurement (a wrong status, a short page).
 */
export async function timeRequests(
  handler: ProxyHandler,
  count: number,
  build: () => APIGatewayProxyEvent,
  check: (response: APIGatewayProxyResult) => void,
  deadline: Deadline,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count && !deadline.passed(); i++) {
    const request = build();
    const t0 = performance.now();
    const response = await handler(request);
    times.push(performance.now() - t0);
    check(response);
  }
  return times;
}
