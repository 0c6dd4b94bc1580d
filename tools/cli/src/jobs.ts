import type { FluxaClient, RequestOptions } from '@fluxa/client';
import type { Api } from './api';
import type { CommandContext } from './context';
import { CliError, InterruptedError } from './errors';
import { sleep } from './poll';
import { withProgress } from './progress';

/** What the CLI follows of a background job of the API (a replay, an erasure). */
export interface JobView {
  status: string;
  /** Work done so far: events published, events erased. */
  done: number;
  /** The work in all, when the API says. */
  total?: number | undefined;
}

/** A kind of background job: how to read one, and how its progress shows. */
export interface JobKind<Job> {
  /** `replay`, `erasure`: in messages. */
  noun: string;
  /** The CLI command that shows one: `fluxa replay status`. */
  statusCommand: string;
  read(client: FluxaClient, id: string, options: RequestOptions): Promise<Job | undefined>;
  view(job: Job): JobView;
  /** Progress label and unit: `replaying … events`. */
  label: string;
  unit: string;
}

/** Between two reads of a followed job: the local relay works every 2 s. */
const followIntervalMs = 1000;

/** One job of the key's tenant; another tenant's, or none of that id, is an error (exit 1). */
export async function readJob<Job>(
  api: Api,
  kind: JobKind<Job>,
  id: string,
  retry = false,
): Promise<Job> {
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
export async function followJob<Job>(
  context: CommandContext,
  api: Api,
  kind: JobKind<Job>,
  id: string,
  first: Job,
): Promise<Job> {
  const { total } = kind.view(first);
  const measure = { label: kind.label, unit: kind.unit, eta: true, total };
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
      context.out.note(`the ${kind.noun} goes on: ${kind.statusCommand} ${id} --wait`);
    }
    throw error;
  }
}

/** Every item of a paginated list of the client, as an array. */
export async function allOf<Item>(items: AsyncIterable<Item>): Promise<Item[]> {
  const all: Item[] = [];
  for await (const item of items) all.push(item);
  return all;
}
