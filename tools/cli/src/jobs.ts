import type { FluxaClient, RequestOptions } from '@fluxa/client';
import type { Api } from './api';
import {
  booleanFlag,
  type CommandSpec,
  type OptionSpec,
  type ParsedArgs,
  switchFlag,
} from './args';
import { connectApi, timeoutOption } from './connect';
import type { Command, CommandContext } from './context';
import { CliError, exitCodes, InterruptedError } from './errors';
import { formatFields, formatTable } from './output';
import { sleep } from './poll';
import { withProgress } from './progress';
import { apiOptions } from './target';

/** What the CLI follows of a background job of the API (a replay, an erasure). */
export interface JobView {
  status: string;
  /** Work done so far: events published, events erased. */
  done: number;
  /** The work in all, when the API says. */
  total?: number | undefined;
}

/** A kind of background job: how to read, list and show one, and how its progress shows. */
export interface JobKind<Job> {
  /** `replay`, `erasure`: in messages. */
  noun: string;
  /** The command that starts one (`replay`, `erase`); `<command> status`, `<command> ls` show them. */
  command: string;
  read(client: FluxaClient, id: string, options: RequestOptions): Promise<Job | undefined>;
  list(client: FluxaClient, options: RequestOptions): AsyncIterable<Job>;
  view(job: Job): JobView;
  /** Progress label and unit: `replaying … events`. */
  label: string;
  unit: string;
  /** `key: value` lines of one job, as `status` prints it. */
  fields(job: Job): Array<[string, string]>;
  /** The columns of `ls`: header and cell. */
  columns: Array<[string, (job: Job) => string]>;
}

/** The flag that follows a job to its end. */
export const waitOption: Record<string, OptionSpec> = {
  wait: switchFlag('follow it until done: progress, rate and time left on stderr'),
};

/** Between two reads of a followed job: the local relay and lifecycle run every few seconds. */
const followIntervalMs = 1000;

/** One job of the key's tenant; another tenant's, or none of that id, is an error (exit 1). */
async function readJob<Job>(api: Api, kind: JobKind<Job>, id: string, retry = false) {
  const job = await api.call((client, options) => kind.read(client, id, options), { retry });
  if (!job) throw new CliError(`this tenant has no ${kind.noun} ${id}`, 'NOT_FOUND');
  return job;
}

/**
 * Reads a running job every second until it is no longer `running`, with progress on stderr
 * (done of total, rate and time left), and returns its last state. Reads are retried, so one
 * lost answer does not end a long wait. Ctrl-C stops the following, not the job: it says how
 * to follow it again and rejects with InterruptedError.
 */
async function followJob<Job>(
  context: CommandContext,
  api: Api,
  kind: JobKind<Job>,
  id: string,
  first: Job,
): Promise<Job> {
  const measure = { label: kind.label, unit: kind.unit, eta: true, total: kind.view(first).total };
  try {
    return await withProgress(context, measure, async (progress) => {
      let job = first;
      for (;;) {
        const state = kind.view(job);
        progress.update(state.done);
        if (state.status !== 'running') return job;
        await sleep(followIntervalMs, context.signal);
        job = await readJob(api, kind, id, true);
      }
    });
  } catch (error) {
    if (error instanceof InterruptedError) {
      context.out.note(`the ${kind.noun} goes on: fluxa ${kind.command} status ${id} --wait`);
    }
    throw error;
  }
}

/** Prints a job (JSON, or its fields); exit 1 when it failed. */
function showJob<Job>(context: CommandContext, kind: JobKind<Job>, job: Job): number {
  context.out.result(job, () => formatFields(kind.fields(job)));
  return kind.view(job).status === 'failed' ? exitCodes.failure : exitCodes.ok;
}

/**
 * What a command that started a job prints: with `--wait`, the job followed to its end; else
 * its id and how to follow it (`started` is the API's answer, printed as is with --json).
 */
export async function startedJob<Job>(
  context: CommandContext,
  api: Api,
  kind: JobKind<Job>,
  started: { id: string; body: unknown; line: string },
  wait: boolean,
): Promise<number> {
  if (!wait) {
    context.out.result(started.body, () => [
      started.line,
      `follow it: fluxa ${kind.command} status ${started.id} --wait`,
    ]);
    return exitCodes.ok;
  }
  const first = await readJob(api, kind, started.id);
  return showJob(context, kind, await followJob(context, api, kind, started.id, first));
}

async function allOf<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of items) all.push(item);
  return all;
}

/** `<command> status <id> [--wait]` and `<command> ls` of a kind of job. */
export function jobCommands<Job>(
  kind: JobKind<Job>,
  summaries: { status: string; ls: string },
): Command[] {
  const options = { ...apiOptions, ...timeoutOption };
  const status: CommandSpec = {
    name: `${kind.command} status`,
    summary: summaries.status,
    synopsis: `<${kind.noun}-id> [--wait] [options]`,
    positionals: [`${kind.noun}-id`],
    options: { ...waitOption, ...options },
    examples: [`fluxa ${kind.command} status 01936f0e-… --wait`],
  };
  const list: CommandSpec = {
    name: `${kind.command} ls`,
    summary: summaries.ls,
    synopsis: '[options]',
    options,
    examples: [`fluxa ${kind.command} ls --json`],
  };
  return [
    {
      spec: status,
      async run(context: CommandContext, { values, positionals }: ParsedArgs) {
        const { api } = await connectApi(context, values);
        const id = positionals[0] ?? '';
        const job = await readJob(api, kind, id);
        const follow = booleanFlag(values, 'wait') && kind.view(job).status === 'running';
        return showJob(context, kind, follow ? await followJob(context, api, kind, id, job) : job);
      },
    },
    {
      spec: list,
      async run(context: CommandContext, { values }: ParsedArgs) {
        const { api } = await connectApi(context, values);
        const items = await api.call((client, options) => allOf(kind.list(client, options)));
        context.out.result({ items }, () =>
          items.length === 0
            ? [`no ${kind.noun}s`]
            : formatTable(
                kind.columns.map(([header]) => header),
                items.map((job) => kind.columns.map(([, cell]) => cell(job))),
              ),
        );
        return exitCodes.ok;
      },
    },
  ];
}
