import { type CommandSpec, type ParsedArgs, secondsFlag, stringFlag } from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { CliError, exitCodes } from '../errors';
import { recordLines } from '../format';
import { pollUntil } from '../poll';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'get',
  summary: 'show a stored event (GET /events/{id})',
  synopsis: '<event-id> [options]',
  description: [
    'Exit 1 when the event is not stored (yet): it may still be queued; see fluxa status <event-id>. With --wait, polls until it is stored or the time is up.',
  ],
  positionals: ['event-id'],
  options: {
    wait: {
      type: 'string',
      value: 'SECONDS',
      description: 'poll until the event is stored, at most this long',
    },
    ...apiOptions,
    ...timeoutOption,
  },
  examples: ['fluxa get pay-0001', 'fluxa get pay-0001 --wait 30 --json'],
};

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  const eventId = positionals[0] ?? '';
  const waitSeconds = stringFlag(values, 'wait') === undefined ? 0 : secondsFlag(values, 'wait', 0);
  const { api } = await connectApi(context, values);
  const record = await pollUntil(
    () => api.call((client, options) => client.get(eventId, options)),
    {
      timeoutMs: waitSeconds * 1000,
      intervalMs: 250,
      signal: context.signal,
    },
  );
  if (!record) {
    const waited = waitSeconds > 0 ? ` after waiting ${waitSeconds} s` : '';
    throw new CliError(
      `event ${eventId} is not stored${waited} (it may still be queued: fluxa status ${eventId})`,
      'NOT_FOUND',
    );
  }
  context.out.result(record, () => recordLines(record));
  return exitCodes.ok;
}

/** `fluxa get <id>`: one stored event. */
export const getCommand: Command = { spec, run };
