import type { Replay, ReplayRequest } from '@fluxa/client';
import { maxReplayDays, maxReplayEvents, validateReplayRequest } from '@fluxa/models';
import { violationLines } from '../api';
import {
  booleanFlag,
  type CommandSpec,
  dateTimeFlag,
  type FlagValues,
  type ParsedArgs,
  requiredFlag,
  stringFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes, UsageError } from '../errors';
import { allOf, followJob, type JobKind, readJob } from '../jobs';
import { formatFields, formatTable } from '../output';
import { apiOptions } from '../target';

/** Replays as jobs the CLI follows. */
const replays: JobKind<Replay> = {
  noun: 'replay',
  statusCommand: 'fluxa replay status',
  read: (client, id, options) => client.getReplay(id, options),
  view: (replay) => ({ status: replay.status, done: replay.published, total: replay.matched }),
  label: 'replaying',
  unit: 'events',
};

const waitOption = {
  wait: {
    type: 'boolean',
    description: 'follow it until done: published/matched, rate and time left on stderr',
  },
} as const;

const startSpec: CommandSpec = {
  name: 'replay',
  summary: 'publish again the notifications of events stored in a window (POST /replays)',
  synopsis: '--stored-after T [--stored-before T] [--user U] [--merchant M] [--dry-run] [--wait]',
  description: [
    `Re-publishes, in the order they were stored, the notifications of the key's tenant's events stored at or after --stored-after and before --stored-before (default: now), optionally of one user or merchant; each carries the replay's id (attribute and body field replay_id). At most ${maxReplayDays} days and ${maxReplayEvents.toLocaleString('en-US')} events per replay, one running per tenant. Times are RFC 3339 or a span ago (6h, 7d). Needs a key with the replay scope.`,
    'Also: fluxa replay status <replay-id> [--wait], fluxa replay ls.',
  ],
  options: {
    'stored-after': { type: 'string', value: 'T', description: 'events stored at or after T' },
    'stored-before': { type: 'string', value: 'T', description: 'events stored before T (now)' },
    user: { type: 'string', value: 'U', description: 'only the events of this user_id' },
    merchant: { type: 'string', value: 'M', description: 'only the events of this merchant' },
    'dry-run': { type: 'boolean', description: 'count what it would publish; publish nothing' },
    ...waitOption,
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa replay --stored-after 6h --dry-run',
    'fluxa replay --stored-after 2026-11-01T00:00:00Z --stored-before 2026-11-08T00:00:00Z --wait',
  ],
};

const statusSpec: CommandSpec = {
  name: 'replay status',
  summary: 'a replay: published of matched, window, filters, times (GET /replays/{id})',
  synopsis: '<replay-id> [--wait] [options]',
  description: ['Exit 1 when the replay failed, or the tenant has no replay of that id.'],
  positionals: ['replay-id'],
  options: { ...waitOption, ...apiOptions, ...timeoutOption },
  examples: ['fluxa replay status 01936f0e-…', 'fluxa replay status 01936f0e-… --wait'],
};

const listSpec: CommandSpec = {
  name: 'replay ls',
  summary: "the tenant's latest replays, newest first (GET /replays)",
  synopsis: '[options]',
  options: { ...apiOptions, ...timeoutOption },
  examples: ['fluxa replay ls', 'fluxa replay ls --json'],
};

/** The request the flags describe, checked with the API's own rules before it is sent. */
function replayRequest(values: FlagValues): ReplayRequest {
  const request: ReplayRequest = {
    stored_after:
      dateTimeFlag(values, 'stored-after') ?? requiredFlag(values, 'stored-after', 'replay'),
    stored_before: dateTimeFlag(values, 'stored-before') ?? new Date().toISOString(),
  };
  const user = stringFlag(values, 'user');
  const merchant = stringFlag(values, 'merchant');
  if (user !== undefined) request.user_id = user;
  if (merchant !== undefined) request.merchant = merchant;
  if (booleanFlag(values, 'dry-run')) request.dry_run = true;
  const checked = validateReplayRequest(request);
  if (!checked.ok) {
    throw new UsageError(['invalid replay', ...violationLines(checked.violations)].join('\n'));
  }
  return request;
}

function filtersText(replay: Pick<Replay, 'filters'>): string {
  const { user_id: user, merchant } = replay.filters;
  const parts = [
    user === undefined ? '' : `user ${user}`,
    merchant === undefined ? '' : `merchant ${merchant}`,
  ];
  return parts.filter(Boolean).join(', ') || '-';
}

function replayLines(replay: Replay): string[] {
  const fields: Array<[string, string]> = [
    ['replay_id', replay.replay_id],
    ['status', replay.status],
    ['published', `${replay.published} of ${replay.matched}`],
    ['stored_after', replay.stored_after],
    ['stored_before', replay.stored_before],
    ['filters', filtersText(replay)],
    ['created_at', replay.created_at],
    ['finished_at', replay.finished_at ?? '-'],
  ];
  if (replay.error !== undefined) fields.push(['error', replay.error]);
  return formatFields(fields);
}

function showReplay(context: CommandContext, replay: Replay): number {
  context.out.result(replay, () => replayLines(replay));
  return replay.status === 'failed' ? exitCodes.failure : exitCodes.ok;
}

async function start(context: CommandContext, { values }: ParsedArgs): Promise<number> {
  const request = replayRequest(values);
  const { api } = await connectApi(context, values);
  if (request.dry_run) {
    const { matched } = await api.call((client, options) =>
      client.replay({ ...request, dry_run: true }, options),
    );
    context.out.result({ matched, dry_run: true }, () => [
      `dry run: ${matched} event(s) stored from ${request.stored_after} to ${request.stored_before} match; nothing published`,
    ]);
    return exitCodes.ok;
  }
  const started = await api.call((client, options) => client.replay(request, options));
  if (!booleanFlag(values, 'wait')) {
    context.out.result(started, () => [
      `replay ${started.replay_id} running: ${started.matched} event(s) to publish`,
      `follow it: fluxa replay status ${started.replay_id} --wait`,
    ]);
    return exitCodes.ok;
  }
  const id = started.replay_id;
  return showReplay(
    context,
    await followJob(context, api, replays, id, await readJob(api, replays, id)),
  );
}

async function status(
  context: CommandContext,
  { values, positionals }: ParsedArgs,
): Promise<number> {
  const { api } = await connectApi(context, values);
  const id = positionals[0] ?? '';
  const replay = await readJob(api, replays, id);
  const wait = booleanFlag(values, 'wait') && replay.status === 'running';
  return showReplay(context, wait ? await followJob(context, api, replays, id, replay) : replay);
}

async function list(context: CommandContext, { values }: ParsedArgs): Promise<number> {
  const { api } = await connectApi(context, values);
  const items = await api.call((client, options) => allOf(client.replays(options)));
  context.out.result({ items }, () => {
    if (items.length === 0) return ['no replays'];
    const rows = items.map((replay) => [
      replay.replay_id,
      replay.status,
      `${replay.published}/${replay.matched}`,
      `${replay.stored_after} – ${replay.stored_before}`,
      filtersText(replay),
      replay.created_at,
    ]);
    return formatTable(
      ['REPLAY_ID', 'STATUS', 'PUBLISHED', 'STORED', 'FILTERS', 'CREATED_AT'],
      rows,
    );
  });
  return exitCodes.ok;
}

/** `fluxa replay`: start a replay (or count what it would publish), and follow it. */
export const replayCommand: Command = { spec: startSpec, run: start };
/** `fluxa replay status <id>`: one replay, followed to its end with --wait. */
export const replayStatusCommand: Command = { spec: statusSpec, run: status };
/** `fluxa replay ls`: the tenant's replays. */
export const replayListCommand: Command = { spec: listSpec, run: list };
