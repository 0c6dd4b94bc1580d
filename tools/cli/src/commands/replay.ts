import type { Replay, ReplayRequest } from '@fluxa/client';
import { validateReplayRequest } from '@fluxa/models';
import { violationLines } from '../api';
import {
  booleanFlag,
  type CommandSpec,
  dateTimeFlag,
  type FlagValues,
  type ParsedArgs,
  requiredFlag,
  stringFlag,
  switchFlag,
  valueFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes, UsageError } from '../errors';
import { type JobKind, jobCommands, startedJob, waitOption } from '../jobs';
import { apiOptions } from '../target';

function filtersText({ filters }: Replay): string {
  const parts = [
    filters.user_id === undefined ? '' : `user ${filters.user_id}`,
    filters.merchant === undefined ? '' : `merchant ${filters.merchant}`,
  ];
  return parts.filter(Boolean).join(', ') || '-';
}

/** Replays as jobs the CLI follows and shows. */
const replays: JobKind<Replay> = {
  noun: 'replay',
  command: 'replay',
  read: (client, id, options) => client.getReplay(id, options),
  list: (client, options) => client.replays(options),
  view: (replay) => ({ status: replay.status, done: replay.published, total: replay.matched }),
  label: 'replaying',
  unit: 'events',
  fields: (replay) => [
    ['replay_id', replay.replay_id],
    ['status', replay.status],
    ['published', `${replay.published} of ${replay.matched}`],
    ['stored_after', replay.stored_after],
    ['stored_before', replay.stored_before],
    ['filters', filtersText(replay)],
    ['created_at', replay.created_at],
    ['finished_at', replay.finished_at ?? '-'],
    ...(replay.error === undefined ? [] : [['error', replay.error] as [string, string]]),
  ],
  columns: [
    ['REPLAY_ID', (replay) => replay.replay_id],
    ['STATUS', (replay) => replay.status],
    ['PUBLISHED', (replay) => `${replay.published}/${replay.matched}`],
    ['STORED', (replay) => `${replay.stored_after} – ${replay.stored_before}`],
    ['FILTERS', filtersText],
    ['CREATED_AT', (replay) => replay.created_at],
  ],
};

const spec: CommandSpec = {
  name: 'replay',
  summary: 'publish again the notifications of events stored in a window (POST /replays)',
  synopsis: '--stored-after T [--stored-before T] [--user U] [--merchant M] [--dry-run] [--wait]',
  options: {
    'stored-after': valueFlag('T', 'events stored at or after T'),
    'stored-before': valueFlag('T', 'events stored before T (now)'),
    user: valueFlag('U', 'only the events of this user_id'),
    merchant: valueFlag('M', 'only the events of this merchant'),
    'dry-run': switchFlag('count what it would publish; publish nothing'),
    ...waitOption,
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa replay --stored-after 6h --dry-run',
    'fluxa replay --stored-after 2026-11-01T00:00:00Z --stored-before 2026-11-08T00:00:00Z --wait',
  ],
};

/** The request the flags describe, checked with the API's own rules before it is sent. */
function replayRequest(values: FlagValues): ReplayRequest {
  const request: ReplayRequest = {
    stored_after:
      dateTimeFlag(values, 'stored-after') ?? requiredFlag(values, 'stored-after', 'replay'),
    stored_before: dateTimeFlag(values, 'stored-before') ?? new Date().toISOString(),
    user_id: stringFlag(values, 'user'),
    merchant: stringFlag(values, 'merchant'),
    dry_run: booleanFlag(values, 'dry-run') || undefined,
  };
  const checked = validateReplayRequest(request);
  if (!checked.ok) {
    throw new UsageError(['invalid replay', ...violationLines(checked.violations)].join('\n'));
  }
  return request;
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
  const line = `replay ${started.replay_id} running: ${started.matched} event(s) to publish`;
  const job = { id: started.replay_id, body: started, line };
  return startedJob(context, api, replays, job, booleanFlag(values, 'wait'));
}

/** `fluxa replay` (start one, or count what it would publish), `replay status`, `replay ls`. */
export const replayCommands: Command[] = [
  { spec, run: start },
  ...jobCommands(replays, {
    status: 'a replay: published of matched, window, filters, times (GET /replays/{id})',
    ls: "the tenant's latest replays, newest first (GET /replays)",
  }),
];
