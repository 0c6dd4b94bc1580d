import { maxBatchEvents } from '@fluxa/models';
import { sampleEvents, sampleUserId, seededRandom } from '@fluxa/samples';
import { type CommandSpec, type FlagValues, integerFlag, stringFlag } from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../errors';
import { withProgress } from '../progress';
import { sendEvents } from '../sendEvents';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'seed',
  summary: 'send realistic sample events (several users, currencies, merchants)',
  synopsis: '[--count N] [options]',
  description: [
    'Generates events spread over several users (each with a home currency, some spending abroad), sixteen merchants with typical amounts, and the last --days days; amounts have exactly their currency’s ISO 4217 decimals (JPY 0, KWD 3). They are sent with POST /events/batch in batches of at most 500; throttled or unavailable batches and retryable items are re-sent for up to 30 s (safe: the event id is the idempotency key).',
  ],
  options: {
    count: { type: 'string', value: 'N', description: 'events to send (default 100, max 1000000)' },
    users: {
      type: 'string',
      value: 'N',
      description: 'distinct users (default: count/20, 3 to 50)',
    },
    'user-prefix': {
      type: 'string',
      value: 'P',
      description: 'user ids are P-001, P-002, … (default user)',
    },
    days: {
      type: 'string',
      value: 'N',
      description: 'spread timestamps over the last N days (default 30)',
    },
    batch: {
      type: 'string',
      value: 'K',
      description: `events per request, 1–${maxBatchEvents} (default ${maxBatchEvents})`,
    },
    seed: {
      type: 'string',
      value: 'N',
      description: 'random seed, for the same amounts and users every run',
    },
    ...apiOptions,
    ...timeoutOption,
  },
  examples: ['fluxa seed --count 500', 'fluxa seed --count 20 --users 2 --seed 7 --json'],
};

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const count = integerFlag(values, 'count', { min: 1, max: 1_000_000, fallback: 100 });
  const defaultUsers = Math.min(50, Math.max(3, Math.ceil(count / 20)));
  const users = integerFlag(values, 'users', { min: 1, max: 100_000, fallback: defaultUsers });
  const days = integerFlag(values, 'days', { min: 1, max: 3650, fallback: 30 });
  const batchSize = integerFlag(values, 'batch', {
    min: 1,
    max: maxBatchEvents,
    fallback: maxBatchEvents,
  });
  const seed = integerFlag(values, 'seed', {
    min: 0,
    max: 2 ** 32 - 1,
    fallback: Date.now() % 2 ** 32,
  });
  const userPrefix = stringFlag(values, 'user-prefix') ?? 'user';
  const { api } = await connectApi(context, values, { retries: true });

  const events = sampleEvents({
    count,
    users,
    userPrefix,
    days,
    now: new Date(),
    random: seededRandom(seed),
  });
  const summary = await withProgress(
    context,
    { label: 'seeding', unit: 'events', total: count },
    (progress) =>
      sendEvents(api, events, {
        batchSize,
        signal: context.signal,
        onProgress: (settled) => progress.update(settled),
      }),
  );
  const userIds = Array.from({ length: users }, (_, index) =>
    sampleUserId(userPrefix, index, users),
  );
  const result = {
    requested: count,
    accepted: summary.accepted.length,
    rejected: summary.rejected.length,
    failed: summary.failed.length,
    requests: summary.requests,
    seed,
    users: userIds,
    event_ids: summary.accepted,
  };
  context.out.result(result, () => [
    `seeded ${result.accepted} of ${count} events for ${users} users in ${summary.requests} request(s)` +
      (result.rejected || result.failed
        ? ` (${result.rejected} rejected, ${result.failed} not enqueued)`
        : ''),
    `users: ${userIds.slice(0, 5).join(', ')}${users > 5 ? `, … (${users} in all)` : ''}`,
    `try: fluxa list --user ${userIds[0]}`,
  ]);
  return result.accepted === count ? exitCodes.ok : exitCodes.failure;
}

/** `fluxa seed`: realistic sample events through POST /events/batch. */
export const seedCommand: Command = { spec, run };
