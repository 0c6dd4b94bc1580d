import { deadLetterAttributes } from '@fluxa/models';
import { type CommandSpec, type FlagValues, integerFlag, valueFlag } from '../args';
import { queueOf } from '../aws';
import { apiOf, connectQueues, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { type EventAsk, letterEvents, storedText } from '../dlq/letterEvents';
import { letterJson, letterTable } from '../dlq/message';
import { queueDepth } from '../dlq/reader';
import { scanLetters } from '../dlq/scan';
import { isSelected, selectionFlags, selectionOptions } from '../dlq/selection';
import { exitCodes } from '../errors';
import { apiOptions, queueOptions, type Target } from '../target';

const _names = deadLetterAttributes;

const spec: CommandSpec = {
  name: 'dlq ls',
  summary: 'list dead letters: age, code, tenant, event id, whether it is stored, reason',
  synopsis: '[--limit N] [--code X]… [--tenant T] [--event-id ID]… [--message-id ID]… [options]',
  options: {
    limit: valueFlag('N', 'letters to show (default 20, max 1000)'),
    ...selectionOptions,
    ...queueOptions,
    ...apiOptions,
    ...timeoutOption,
  },
  examples: ['fluxa dlq ls', 'fluxa dlq ls --code HASH_MISMATCH --json'],
};

/** The API to ask about each letter's event, or why there is none. */
function eventAsk(context: CommandContext, values: FlagValues, target: Target): EventAsk {
  if (!target.apiUrl || !target.apiKey) {
    return { noApi: 'no API to ask: pass --url and --api-key (or FLUXA_URL and FLUXA_API_KEY)' };
  }
  return { api: apiOf(context, values, target), keyTenant: target.keyTenant?.value };
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const limit = integerFlag(values, 'limit', { min: 1, max: 1000, fallback: 20 });
  const selection = selectionFlags(values);
  const { sqs, target } = await connectQueues(context, values);
  const { url: dlqUrl, fail } = queueOf(target, 'dlqUrl');
  const depth = await queueDepth(sqs, dlqUrl).catch(fail);
  const scan = await scanLetters(sqs, dlqUrl, (letter) => isSelected(selection, letter), {
    limit,
    signal: context.signal,
  }).catch(fail);
  await scan.reader.releaseHeld();
  const listing = { messages: scan.letters, visible: depth.visible, inFlight: depth.inFlight };
  const events = await letterEvents(eventAsk(context, values, target), listing.messages);
  const messages = listing.messages.map((letter, index) => ({
    ...letterJson(letter),
    event: events[index],
  }));
  const result = {
    dlq_url: dlqUrl,
    visible: listing.visible,
    in_flight: listing.inFlight,
    messages,
  };
  context.out.result(result, () => {
    const total = `~${listing.visible} visible, ~${listing.inFlight} in flight`;
    if (messages.length === 0) return [`DLQ empty (${total}): ${dlqUrl}`];
    const unknown = new Map<string, number>();
    for (const event of events) {
      if (event?.stored === null) unknown.set(event.unknown, (unknown.get(event.unknown) ?? 0) + 1);
    }
    return [
      ...letterTable(listing.messages, context.stdout, events.map(storedText)),
      ...[...unknown].map(([why, count]) => `stored unknown for ${count}: ${why}`),
      `${messages.length} shown (${total})`,
    ];
  });
  return exitCodes.ok;
}

/** `fluxa dlq ls`: peek at the dead letters, and whether each one's event is stored. */
export const dlqListCommand: Command = { spec, run };
