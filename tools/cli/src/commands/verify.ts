import { type CommandSpec, type FlagValues, secondsFlag } from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { awsFailure, createSqsClient, sqsLocation } from '../dlq/sqsClient';
import { exitCodes, messageOf } from '../errors';
import { queueOptions } from '../target';
import { type CheckResult, runVerify, verifyEvent } from '../verify/runVerify';

const spec: CommandSpec = {
  name: 'verify',
  summary: 'check a deployment end to end: health, auth, ingest, query, status, DLQ',
  synopsis: '[--url URL] [--within SECONDS] [options]',
  description: [
    'Writes one test event (its id is printed first; user fluxa-verify) and leaves it stored. Runs each check and prints one PASS/FAIL/SKIP line: GET /health, GET /health/ready, a request without a key refused, one event POSTed (202), queryable within --within seconds with the fields sent, /status stored, and the DLQ empty (skipped when no DLQ URL is known). Exit 1 when any check fails. make verify-dev runs it against the deployed API.',
  ],
  options: {
    within: {
      type: 'string',
      value: 'SECONDS',
      description: 'longest wait for the event to be queryable (default 30)',
    },
    url: { type: 'string', value: 'URL', description: 'API base URL (env FLUXA_URL)' },
    'api-key': { type: 'string', value: 'KEY', description: 'API key (env FLUXA_API_KEY)' },
    ...queueOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa verify',
    'FLUXA_API_KEY=… fluxa verify --url https://abc.execute-api.eu-west-1.amazonaws.com/dev --dlq-url https://sqs…',
  ],
};

function resultLine(result: CheckResult): string {
  const label = result.status.toUpperCase().padEnd(4);
  const time = result.status === 'skip' ? '' : ` (${Math.round(result.ms)} ms)`;
  return `${label} ${result.name.padEnd(10)} ${result.detail}${time}`;
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const withinMs = secondsFlag(values, 'within', 30) * 1000;
  const { api, target } = await connectApi(context, values);
  const dlqUrl = target.dlqUrl?.value;
  const dlq = dlqUrl
    ? {
        sqs: createSqsClient(target, context.env),
        url: dlqUrl,
        describeError: (error: unknown) =>
          messageOf(awsFailure(error, sqsLocation(target, dlqUrl), dlqUrl)),
      }
    : undefined;
  const event = verifyEvent(new Date());
  context.out.line(`verifying ${api.url}`);
  context.out.line(
    `writes one test event: ${event.event_id} (user ${event.user_id}); it stays stored`,
  );
  const results = await runVerify({
    api,
    event,
    ...(dlq ? { dlq } : {}),
    withinMs,
    signal: context.signal,
    onResult: (result) => context.out.line(resultLine(result)),
  });
  const failed = results.filter((result) => result.status === 'fail').length;
  const passed = results.filter((result) => result.status === 'pass').length;
  const ok = failed === 0;
  const summary = {
    url: api.url,
    test_event_id: event.event_id,
    ok,
    checks: results.map((r) => ({ ...r, ms: Math.round(r.ms) })),
  };
  context.out.result(summary, () => [
    ok ? `verify: all ${passed} checks passed` : `verify: ${failed} check(s) FAILED`,
  ]);
  return ok ? exitCodes.ok : exitCodes.failure;
}

/** `fluxa verify`: the end-to-end check `make verify-dev` runs. */
export const verifyCommand: Command = { spec, run };
