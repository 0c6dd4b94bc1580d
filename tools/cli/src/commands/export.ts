import type { EventListQuery } from '@fluxa/client';
import { maxListLimit } from '@fluxa/models';
import {
  type CommandSpec,
  dateTimeFlag,
  type ParsedArgs,
  requiredFlag,
  stringFlag,
  valueFlag,
} from '../args';
import { connectApi, timeoutOption } from '../connect';
import type { Command, CommandContext } from '../context';
import { exitCodes, InterruptedError } from '../errors';
import { writeDrained } from '../output';
import { withProgress } from '../progress';
import { apiOptions } from '../target';

const spec: CommandSpec = {
  name: 'export',
  summary: "the tenant's events as NDJSON on stdout, one stored record per line (a backfill)",
  synopsis: '--since T [--until T] [--cursor C] [options]',
  options: {
    since: valueFlag('T', 'events whose timestamp is at or after T'),
    until: valueFlag('T', 'events whose timestamp is before T'),
    cursor: valueFlag('C', 'continue an export from a printed cursor'),
    ...apiOptions,
    ...timeoutOption,
  },
  examples: [
    'fluxa export --since 7d > events.ndjson',
    'fluxa export --since 2026-11-01T00:00:00Z --until 2026-12-01T00:00:00Z | gzip > november.ndjson.gz',
  ],
};

/** The command line that continues an export after the last page it wrote. */
function continuation(query: EventListQuery, cursor: string): string {
  const until = query.to === undefined ? '' : ` --until ${query.to}`;
  return `fluxa export --since ${query.from}${until} --cursor ${cursor}`;
}

async function run(context: CommandContext, { values }: ParsedArgs): Promise<number> {
  const query: EventListQuery = {
    from: dateTimeFlag(values, 'since') ?? requiredFlag(values, 'since', 'export'),
    limit: maxListLimit,
  };
  const until = dateTimeFlag(values, 'until');
  const cursor = stringFlag(values, 'cursor');
  if (until !== undefined) query.to = until;
  if (cursor !== undefined) query.cursor = cursor;
  const { api } = await connectApi(context, values);
  let written = 0;
  // The cursor of the first page not written yet: where a rerun continues.
  let next = cursor;
  const stopped = () => {
    const resume = next === undefined ? '' : `; continue with: ${continuation(query, next)}`;
    context.out.note(`export stopped after ${written} event(s)${resume}`);
  };
  try {
    await withProgress(context, { label: 'exporting', unit: 'events' }, async (progress) => {
      for await (const page of api.reader.listPages(query, api.options)) {
        await writeDrained(
          context.stdout,
          page.items.map((record) => `${JSON.stringify(record)}\n`).join(''),
        );
        written += page.items.length;
        next = page.next_cursor ?? undefined;
        progress.update(written, page.items.at(-1) ? `at ${page.items.at(-1)?.timestamp}` : '');
        if (context.signal.aborted && next !== undefined) throw new InterruptedError();
      }
    });
  } catch (error) {
    stopped();
    throw api.failure(error);
  }
  context.out.note(`exported ${written} event(s)`);
  return exitCodes.ok;
}

/** `fluxa export`: the tenant's events as NDJSON, through the client's pages. */
export const exportCommand: Command = { spec, run };
