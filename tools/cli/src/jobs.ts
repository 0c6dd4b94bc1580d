import type { CommandContext } from './context';
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

/** How {@link followJob} shows a job. */
export interface FollowOptions<Job> {
  /** The job's state as the CLI reads it. */
  view(job: Job): JobView;
  /** Progress label and unit: `replaying … events`. */
  label: string;
  unit: string;
  /** Between two reads of the job. */
  intervalMs: number;
}

/**
 * Reads a running job every `intervalMs` until it is no longer `running`, with progress on
 * stderr (done of total, rate and time left), and returns its last state. Ctrl-C stops the
 * following, not the job: it rejects with InterruptedError and the job goes on server-side.
 */
export async function followJob<Job>(
  context: CommandContext,
  first: Job,
  read: () => Promise<Job>,
  options: FollowOptions<Job>,
): Promise<Job> {
  const { total } = options.view(first);
  const measure = { label: options.label, unit: options.unit, eta: true, total };
  return withProgress(context, measure, async (progress) => {
    let job = first;
    for (;;) {
      const state = options.view(job);
      progress.update(state.done);
      if (state.status !== 'running') return job;
      await sleep(options.intervalMs, context.signal);
      job = await read();
    }
  });
}
