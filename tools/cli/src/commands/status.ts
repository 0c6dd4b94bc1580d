import type { CommandSpec, ParsedArgs } from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { CliError, exitCodes } from '../errors';
import { statusLines } from '../format';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'status',
  summary: 'what the processor knows about an event (GET /events/{id}/status)',
  synopsis: '<event-id> [options]',
  description: [
    'processing, stored or failed, with attempts, first/last seen, the failure reason and when the notification was published. Exit 1 when the processor has not seen the event (it may still be queued) or it failed.',
  ],
  positionals: ['event-id'],
  options: { ...apiOptions, ...timeoutOption },
  examples: ['fluxa status pay-0001'],
};

async function run(context: CommandContext, { values, positionals }: ParsedArgs): Promise<number> {
  const eventId = positionals[0] ?? '';
  const { api } = await connectApi(context, values);
  const status = await api.call((client, options) => client.status(eventId, options));
  if (!status) {
    throw new CliError(
      `the processor has not seen ${eventId} (it may still be queued)`,
      'NOT_FOUND',
    );
  }
  context.out.result(status, () => statusLines(status));
  return status.status === 'failed' ? exitCodes.failure : exitCodes.ok;
}

/** `fluxa status <id>`: the processing status of one event. */
export const statusCommand: Command = { spec, run };
