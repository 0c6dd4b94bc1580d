import type { EventListQuery, StoredRecord } from '@fluxa/client';
import { maxListLimit } from '@fluxa/models';
import type { Api } from '../api';
import {
  booleanFlag,
  type CommandSpec,
  dateTimeFlag,
  type FlagValues,
  integerFlag,
  stringFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes, UsageError } from '../errors';
import { amountNumber } from '../format';
import { formatTable } from '../output';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'list',
  summary: 'events of a user, a request or the whole tenant, newest first (GET /events)',
  synopsis: '[--user U | --correlation-id C] [--from T] [--to T] [--limit N | --all] [options]',
  description: [
    "The events of one user (--user), of one request (--correlation-id), or with neither, every event of the key's tenant between --from and --to. Follows next_cursor across pages (100 per request) until --limit events are shown, or every page with --all. When more remain, the cursor to continue from is printed.",
  ],
  options: {
    user: { type: 'string', value: 'ID', description: 'events of this user_id' },
    'correlation-id': { type: 'string', value: 'ID', description: 'events of one request instead' },
    from: { type: 'string', value: 'TIME', description: 'timestamp at or after (RFC 3339)' },
    to: { type: 'string', value: 'TIME', description: 'timestamp before (RFC 3339)' },
    limit: { type: 'string', value: 'N', description: 'events to show (default 50)' },
    all: { type: 'boolean', description: 'every event, however many pages' },
    cursor: { type: 'string', value: 'C', description: 'continue from a printed next_cursor' },
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa list --user u-42',
    'fluxa list --user u-42 --from 2026-11-01T00:00:00Z --all --json',
    'fluxa list --from 2026-11-23T00:00:00Z --to 2026-11-24T00:00:00Z',
  ],
};

/** Pages through GET /events until `limit` items (or every page), returning items and the last cursor. */
export async function collectEvents(
  api: Api,
  query: EventListQuery,
  limit: number,
  signal?: AbortSignal,
): Promise<{ items: StoredRecord[]; next_cursor: string | null }> {
  const items: StoredRecord[] = [];
  let cursor = query.cursor;
  for (;;) {
    const pageSize = Math.min(maxListLimit, limit - items.length);
    const page = await api.call((client, options) =>
      client.listPage({ ...query, limit: pageSize, ...(cursor ? { cursor } : {}) }, options),
    );
    items.push(...page.items);
    if (!page.next_cursor || items.length >= limit || signal?.aborted) {
      return { items, next_cursor: page.next_cursor };
    }
    cursor = page.next_cursor;
  }
}

function listQuery(values: FlagValues): EventListQuery {
  const user = stringFlag(values, 'user');
  const correlationId = stringFlag(values, 'correlation-id');
  if (user !== undefined && correlationId !== undefined) {
    throw new UsageError('give --user or --correlation-id, not both (see fluxa list --help)');
  }
  const query: EventListQuery = {};
  if (user !== undefined) query.user_id = user;
  if (correlationId !== undefined) query.correlation_id = correlationId;
  const from = dateTimeFlag(values, 'from');
  const to = dateTimeFlag(values, 'to');
  const cursor = stringFlag(values, 'cursor');
  if (from) query.from = from;
  if (to) query.to = to;
  if (cursor) query.cursor = cursor;
  return query;
}

async function run(context: CommandContext, { values }: { values: FlagValues }): Promise<number> {
  const query = listQuery(values);
  if (booleanFlag(values, 'all') && values.limit !== undefined) {
    throw new UsageError('use either --limit or --all');
  }
  const limit = booleanFlag(values, 'all')
    ? Number.POSITIVE_INFINITY
    : integerFlag(values, 'limit', { min: 1, max: 100_000, fallback: 50 });
  const { api } = await connectApi(context, values);
  const page = await collectEvents(api, query, limit, context.signal);
  context.out.result(page, () => {
    if (page.items.length === 0) return ['no events'];
    // Amounts right-aligned after their currency code, so digits of the same place line up.
    const numbers = page.items.map((item) => amountNumber(item.amount, item.currency));
    const width = Math.max(...numbers.map((number) => number.length));
    const rows = page.items.map((item, index) => [
      item.timestamp,
      item.event_id,
      `${item.currency} ${(numbers[index] ?? '').padStart(width)}`,
      item.merchant,
    ]);
    const lines = formatTable(['TIMESTAMP', 'EVENT_ID', 'AMOUNT', 'MERCHANT'], rows);
    lines.push(`${page.items.length} event(s)`);
    if (page.next_cursor) lines.push(`more: add --cursor ${page.next_cursor}`);
    return lines;
  });
  return exitCodes.ok;
}

/** `fluxa list`: events of a user (or a correlation id), paginated. */
export const listCommand: Command = { spec, run };
