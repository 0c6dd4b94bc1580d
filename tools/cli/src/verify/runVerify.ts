import type { SQSClient } from '@aws-sdk/client-sqs';
import { ApiError, NetworkError } from '@fluxa/client';
import { type EventInput, exampleEvent, type StoredRecord } from '@fluxa/models';
import type { Api } from '../api';
import { queueDepth } from '../dlq/reader';
import { CliError, InterruptedError, messageOf } from '../errors';
import { pollUntil } from '../poll';

/** The outcome of one check. */
export interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

/** What {@link runVerify} talks to, what it writes and how long it waits. */
export interface VerifyDeps {
  api: Api;
  /** The test event it ingests (see {@link verifyEvent}): it stays stored. */
  event: VerifyEvent;
  /** The DLQ, when its URL is known; else the DLQ check is skipped. */
  dlq?: { sqs: SQSClient; url: string; describeError: (error: unknown) => string };
  /** Longest wait for the event to become queryable. */
  withinMs: number;
  signal?: AbortSignal;
  /** Called as each check finishes (to print PASS/FAIL lines as they happen). */
  onResult?: (result: CheckResult) => void;
}

class CheckFailed extends Error {}

/** The event `verify` writes: an input with its id. */
export type VerifyEvent = EventInput & { event_id: string };

/** A fresh test event, recognisable by its `verify-` id and its user `fluxa-verify`. */
export function verifyEvent(now: Date): VerifyEvent {
  const id = `verify-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  return { ...exampleEvent, event_id: id, user_id: 'fluxa-verify', timestamp: now.toISOString() };
}

function sameEvent(
  record: StoredRecord,
  event: EventInput,
  correlationId: string,
): string | undefined {
  const expected: Array<[string, unknown, unknown]> = [
    ['user_id', record.user_id, event.user_id],
    ['amount', record.amount, event.amount],
    ['currency', record.currency, event.currency],
    ['merchant', record.merchant, event.merchant],
    ['correlation_id', record.correlation_id, correlationId],
  ];
  const wrong = expected.find(([, actual, wanted]) => actual !== wanted);
  return wrong
    ? `stored ${wrong[0]} is ${JSON.stringify(wrong[1])}, sent ${JSON.stringify(wrong[2])}`
    : undefined;
}

/**
 * Checks a deployment end to end, each check a PASS/FAIL/SKIP: /health, /health/ready,
 * a keyless request refused, one event ingested (202), queryable within `withinMs`
 * and equal to what was sent, /status `stored`, and the DLQ empty. A check that
 * depends on a failed one is skipped.
 */
export async function runVerify(deps: VerifyDeps): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  const record = (result: CheckResult) => {
    results.push(result);
    deps.onResult?.(result);
  };
  let unreachable: string | undefined;
  const check = async (name: string, body: () => Promise<string>, skip?: string) => {
    if (skip) {
      record({ name, status: 'skip', detail: skip, ms: 0 });
      return false;
    }
    const started = performance.now();
    try {
      const detail = await body();
      record({ name, status: 'pass', detail, ms: performance.now() - started });
      return true;
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      if (error instanceof CliError && error.code === 'UNREACHABLE')
        unreachable = 'API unreachable';
      record({ name, status: 'fail', detail: messageOf(error), ms: performance.now() - started });
      return false;
    }
  };
  const { api } = deps;
  await check('health', async () => {
    const health = await api.call((client, options) => client.health(options));
    if (health.status !== 'healthy') {
      throw new CheckFailed(`GET /health answered ${JSON.stringify(health)}`);
    }
    return 'GET /health 200 healthy';
  });
  await check(
    'ready',
    async () => {
      await api.call((client, options) => client.ready(options));
      return 'GET /health/ready 200 (database answers)';
    },
    unreachable,
  );
  await check(
    'auth',
    async () => {
      const anonymous = api.clientWith({ apiKey: undefined });
      const outcome = await anonymous.get('verify-auth-probe', api.options).then(
        () => undefined,
        (error: unknown) => error,
      );
      if (outcome instanceof ApiError && (outcome.status === 401 || outcome.status === 403)) {
        return `a request without x-api-key is refused (${outcome.status})`;
      }
      if (outcome instanceof NetworkError) throw api.failure(outcome);
      const answered = outcome instanceof ApiError ? outcome.status : 'with the event or 404';
      throw new CheckFailed(`a request without x-api-key answered ${answered}, not 401/403`);
    },
    unreachable,
  );
  const { event } = deps;
  const eventId = event.event_id;
  const correlationId = `${eventId}-c`;
  const ingested = await check(
    'ingest',
    async () => {
      const accepted = await api.call((client, options) =>
        client.send(event, { ...options, correlationId }),
      );
      return `POST /events 202 enqueued ${accepted.event_id}`;
    },
    unreachable,
  );
  const queryable = await check(
    'queryable',
    async () => {
      const started = Date.now();
      const stored = await pollUntil(
        () => api.call((client, options) => client.get(eventId, options)),
        {
          timeoutMs: deps.withinMs,
          intervalMs: 250,
          ...(deps.signal ? { signal: deps.signal } : {}),
        },
      );
      if (!stored)
        throw new CheckFailed(`GET /events/${eventId} still 404 after ${deps.withinMs / 1000} s`);
      const mismatch = sameEvent(stored, event, correlationId);
      if (mismatch) throw new CheckFailed(mismatch);
      return `GET /events/${eventId} 200 after ${((Date.now() - started) / 1000).toFixed(1)} s, fields match`;
    },
    ingested ? undefined : 'ingest failed',
  );
  await check(
    'status',
    async () => {
      const status = await api.call((client, options) => client.status(eventId, options));
      if (status?.status !== 'stored') {
        throw new CheckFailed(
          `GET /events/${eventId}/status is ${status ? status.status : '404'}, not stored`,
        );
      }
      return `GET /events/${eventId}/status stored (attempts ${status.attempts})`;
    },
    queryable ? undefined : 'event not queryable',
  );
  const { dlq } = deps;
  await check(
    'dlq empty',
    async () => {
      if (!dlq) return '';
      const depth = await queueDepth(dlq.sqs, dlq.url).catch((error: unknown) => {
        throw new CheckFailed(dlq.describeError(error));
      });
      const total = depth.visible + depth.inFlight;
      if (total > 0) throw new CheckFailed(`${total} message(s) in the DLQ (fluxa dlq ls)`);
      return 'no messages in the DLQ';
    },
    dlq ? undefined : 'no DLQ URL (pass --dlq-url, FLUXA_DLQ_URL or --terraform-dir)',
  );
  return results;
}
