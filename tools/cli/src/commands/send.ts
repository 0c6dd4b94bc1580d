import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { EventInput } from '@fluxa/client';
import { validateEvent } from '@fluxa/models';
import { violationLines } from '../api';
import {
  booleanFlag,
  type CommandSpec,
  dateTimeFlag,
  type FlagValues,
  requiredFlag,
  stringFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { CliError, exitCodes, messageOf, UsageError } from '../errors';
import { sendEvents } from '../sendEvents';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'send',
  summary: 'send one event (from flags or a JSON file)',
  synopsis: '(--user U --amount N --currency C --merchant M | --file PATH) [options]',
  description: [
    'The event is checked locally with the same rules the API applies (every violation is listed, nothing is sent) and then POSTed to /events. An event without event_id gets a UUIDv7 before it is sent. A file holding an array, or {"events":[…]}, is sent with POST /events/batch in batches of 500; throttled or unavailable batches, and items the API could not enqueue, are re-sent for up to 30 s. Sending the same event_id again is harmless: it is the idempotency key.',
  ],
  options: {
    user: { type: 'string', value: 'ID', description: 'user_id' },
    amount: {
      type: 'string',
      value: 'N',
      description: 'amount, e.g. 19.99 (decimals ≤ the currency minor unit)',
    },
    currency: { type: 'string', value: 'CODE', description: 'ISO 4217 code, e.g. USD' },
    merchant: { type: 'string', value: 'NAME', description: 'merchant' },
    timestamp: { type: 'string', value: 'TIME', description: 'RFC 3339 time (default now)' },
    'event-id': {
      type: 'string',
      value: 'ID',
      description: 'event_id (default: a new UUIDv7)',
    },
    metadata: {
      type: 'string',
      value: 'JSON',
      description: 'metadata object, e.g. \'{"channel":"web"}\'',
    },
    file: {
      type: 'string',
      value: 'PATH',
      description: 'read the event(s) from a JSON file (- for stdin)',
    },
    'correlation-id': { type: 'string', value: 'ID', description: 'X-Correlation-ID header' },
    'no-validate': {
      type: 'boolean',
      description: 'skip the local check (to see the API reject it)',
    },
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa send --user u-42 --amount 19.99 --currency USD --merchant "Coffee Corner"',
    'fluxa send --file event.json --correlation-id order-1234',
  ],
};

function parseAmount(raw: string): number {
  const amount = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(amount)) {
    throw new UsageError(`--amount must be a number, got '${raw}'`);
  }
  return amount;
}

function parseMetadata(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new UsageError(`--metadata must be a JSON object, got '${raw}'`);
  }
}

/** The event described by the flags (fields absent from the flags are left out). */
export function eventFromFlags(values: FlagValues, now: Date): Record<string, unknown> {
  const event: Record<string, unknown> = {
    user_id: requiredFlag(values, 'user', 'send'),
    amount: parseAmount(requiredFlag(values, 'amount', 'send')),
    currency: requiredFlag(values, 'currency', 'send').toUpperCase(),
    merchant: requiredFlag(values, 'merchant', 'send'),
    timestamp: dateTimeFlag(values, 'timestamp') ?? now.toISOString(),
  };
  const eventId = stringFlag(values, 'event-id');
  if (eventId !== undefined) event.event_id = eventId;
  const metadata = stringFlag(values, 'metadata');
  if (metadata !== undefined) event.metadata = parseMetadata(metadata);
  return event;
}

/** The events of a file: one object, an array, or `{"events":[…]}`. */
export function eventsFromText(text: string, file: string): { events: unknown[]; single: boolean } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${messageOf(error)}`);
  }
  if (Array.isArray(parsed)) return { events: parsed, single: false };
  if (typeof parsed === 'object' && parsed !== null && 'events' in parsed) {
    const { events } = parsed as { events: unknown };
    if (Array.isArray(events)) return { events, single: false };
  }
  return { events: [parsed], single: true };
}

function readEventFile(file: string, cwd: string): string {
  try {
    return readFileSync(file === '-' ? 0 : path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? messageOf(error)}`,
    );
  }
}

/** Every local violation of the events, as lines prefixed with the item index when many. */
function localViolations(events: unknown[], now: Date): string[] {
  const lines: string[] = [];
  events.forEach((event, index) => {
    const checked = validateEvent(event, { now });
    if (checked.ok) return;
    if (events.length > 1) lines.push(`event ${index}:`);
    lines.push(...violationLines(checked.violations));
  });
  return lines;
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const now = new Date();
  const file = stringFlag(values, 'file');
  const flagged = ['user', 'amount', 'currency', 'merchant', 'event-id', 'metadata', 'timestamp'];
  if (file && flagged.some((name) => values[name] !== undefined)) {
    throw new UsageError('use either --file or the event flags, not both');
  }
  const { events, single } = file
    ? eventsFromText(readEventFile(file, context.cwd), file)
    : { events: [eventFromFlags(values, now)], single: true };
  if (events.length === 0) throw new UsageError(`${file} holds no events`);
  if (!booleanFlag(values, 'no-validate')) {
    const problems = localViolations(events, now);
    if (problems.length > 0) {
      throw new CliError(
        ['not sent: the event is invalid', ...problems].join('\n'),
        'INVALID_EVENT',
      );
    }
  }
  const { api } = await connectApi(context, values, { retries: !single });
  if (single) {
    const correlationId = stringFlag(values, 'correlation-id');
    const accepted = await api.call((client, options) =>
      client.send(events[0] as EventInput, {
        ...options,
        ...(correlationId ? { correlationId } : {}),
      }),
    );
    context.out.result(accepted, () => [
      `enqueued ${accepted.event_id} (correlation id ${accepted.correlation_id})`,
    ]);
    return exitCodes.ok;
  }
  const summary = await sendEvents(api, events, { batchSize: 500, signal: context.signal });
  context.out.result(summary, () => [
    `enqueued ${summary.accepted.length} of ${events.length} events in ${summary.requests} request(s)`,
    ...summary.rejected.flatMap((item) => [
      `event ${item.index} rejected: ${item.error.message}`,
      ...violationLines(item.error.details),
    ]),
    ...summary.failed.map(
      (item) => `event ${item.index} not enqueued: ${item.reason} (safe to retry)`,
    ),
  ]);
  return summary.accepted.length === events.length ? exitCodes.ok : exitCodes.failure;
}

/** `fluxa send`: one event from flags or a file, checked locally, then POST /events. */
export const sendCommand: Command = { spec, run };
