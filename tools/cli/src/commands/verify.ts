import { ApiError, NetworkError } from '@fluxa/client';
import { exampleEvent, type StoredRecord } from '@fluxa/models';
import { type CommandSpec, type FlagValues, secondsFlag, valueFlag } from '../args';
import { awsFailure, createSqsClient } from '../aws';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { queueDepth } from '../dlq/reader';
import { CliError, exitCodes, InterruptedError, messageOf } from '../errors';
import { pollUntil } from '../poll';
import { apiOptions, queueOptions } from '../target';

/** The user of every event `verify` writes. */
const verifyUser = 'fluxa-verify';

const spec: CommandSpec = {
  name: 'verify',
  summary: 'check a deployment end to end: health, auth, ingest, query, status, DLQ',
  synopsis: '[--url URL] [--within SECONDS] [options]',
  options: {
    within: valueFlag('SECONDS', 'longest wait for the event to be queryable (default 30)'),
    ...apiOptions,
    ...queueOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa verify',
    'FLUXA_API_KEY=… fluxa verify --url https://abc.execute-api.eu-west-1.amazonaws.com/dev --dlq-url https://sqs…',
  ],
};

/** The outcome of one check. */
interface CheckResult {
  name: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  ms: number;
}

/** A check that failed (FAIL), or could not be made (SKIP), with why. */
class CheckFailed extends Error {}
class CheckSkipped extends Error {}

/** The first field of a stored record that differs from what was sent, as a line. */
function mismatch(record: StoredRecord, sent: Record<string, unknown>): string | undefined {
  const wrong = Object.entries(sent).find(
    ([field, value]) =>
      JSON.stringify(record[field as keyof StoredRecord]) !== JSON.stringify(value),
  );
  return (
    wrong &&
    `stored ${wrong[0]} is ${JSON.stringify(record[wrong[0] as keyof StoredRecord])}, sent ${JSON.stringify(wrong[1])}`
  );
}

/**
 * Checks a deployment end to end, each check a PASS/FAIL/SKIP line as it ends: /health,
 * /health/ready, a keyless request refused, one marked event ingested (202), queryable within
 * --within and equal to what was sent, /status `stored`, the DLQ empty; then it erases the test
 * events when the key has the erase scope, and else says how to. A check that depends on a
 * failed one is skipped.
 */
async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const withinMs = secondsFlag(values, 'within', 30) * 1000;
  const { api, target } = await connectApi(context, values);
  const now = new Date();
  const eventId = `verify-${now.getTime().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const event = {
    ...exampleEvent,
    event_id: eventId,
    user_id: verifyUser,
    timestamp: now.toISOString(),
    metadata: { fluxa_verify: true },
  };
  const correlationId = `${eventId}-c`;
  context.out.line(`verifying ${api.url}`);
  context.out.line(
    `writes one test event: ${eventId} (user ${verifyUser}, metadata fluxa_verify), erased at the end`,
  );
  const results: CheckResult[] = [];
  let unreachable: string | undefined;
  const check = async (name: string, body: () => Promise<string>, skip?: string) => {
    const started = performance.now();
    let result: CheckResult;
    try {
      if (skip) throw new CheckSkipped(skip);
      result = { name, status: 'pass', detail: await body(), ms: performance.now() - started };
    } catch (error) {
      if (error instanceof InterruptedError) throw error;
      if (error instanceof CliError && error.code === 'UNREACHABLE')
        unreachable = 'API unreachable';
      const status = error instanceof CheckSkipped ? 'skip' : 'fail';
      result = { name, status, detail: messageOf(error), ms: performance.now() - started };
    }
    results.push(result);
    const time = result.status === 'skip' ? '' : ` (${Math.round(result.ms)} ms)`;
    context.out.line(
      `${result.status.toUpperCase().padEnd(4)} ${name.padEnd(10)} ${result.detail}${time}`,
    );
    return result.status === 'pass';
  };

  await check('health', async () => {
    const health = await api.call((client, options) => client.health(options));
    if (health.status !== 'healthy')
      throw new CheckFailed(`GET /health answered ${JSON.stringify(health)}`);
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
        { timeoutMs: withinMs, intervalMs: 250, signal: context.signal },
      );
      if (!stored)
        throw new CheckFailed(`GET /events/${eventId} still 404 after ${withinMs / 1000} s`);
      const { user_id, amount, currency, merchant, metadata } = event;
      const sent = { user_id, amount, currency, merchant, metadata, correlation_id: correlationId };
      const wrong = mismatch(stored, sent);
      if (wrong) throw new CheckFailed(wrong);
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
          `GET /events/${eventId}/status is ${status?.status ?? '404'}, not stored`,
        );
      }
      return `GET /events/${eventId}/status stored (attempts ${status.attempts})`;
    },
    queryable ? undefined : 'event not queryable',
  );
  const dlqUrl = target.dlqUrl?.value;
  await check(
    'dlq empty',
    async () => {
      const depth = await queueDepth(createSqsClient(target, context.env), dlqUrl ?? '').catch(
        (error: unknown) => {
          throw new CheckFailed(messageOf(awsFailure(error, target, dlqUrl ?? '')));
        },
      );
      const total = depth.visible + depth.inFlight;
      if (total > 0) throw new CheckFailed(`${total} message(s) in the DLQ (fluxa dlq ls)`);
      return 'no messages in the DLQ';
    },
    dlqUrl ? undefined : 'no DLQ URL (pass --dlq-url, FLUXA_DLQ_URL or --terraform-dir)',
  );
  await check(
    'cleanup',
    async () => {
      const erasure = await api.client
        .erase({ user_id: verifyUser }, api.options)
        .catch((error: unknown) => {
          if (!(error instanceof ApiError && error.status === 403)) throw api.failure(error);
          throw new CheckSkipped(
            `the key has no erase scope: the test events of user ${verifyUser} stay stored; remove them with a key that has it: fluxa erase --user ${verifyUser} --yes`,
          );
        });
      return `erasure ${erasure.erasure_id} of user ${verifyUser} deletes the test events (fluxa erase status ${erasure.erasure_id})`;
    },
    ingested ? undefined : 'no test event was written',
  );

  const failed = results.filter((result) => result.status === 'fail').length;
  const passed = results.filter((result) => result.status === 'pass').length;
  const checks = results.map((result) => ({ ...result, ms: Math.round(result.ms) }));
  const summary = { url: api.url, test_event_id: eventId, ok: failed === 0, checks };
  context.out.result(summary, () => [
    failed === 0 ? `verify: all ${passed} checks passed` : `verify: ${failed} check(s) FAILED`,
  ]);
  return failed === 0 ? exitCodes.ok : exitCodes.failure;
}

/** `fluxa verify`: the end-to-end check `make verify-dev` runs. */
export const verifyCommand: Command = { spec, run };
