import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { finished } from 'node:stream/promises';
import type { StackOptions } from './options';
import { openPrivateLog, statePaths } from './stateDir';

/** EMF lines carry this key; CloudWatch turns them into metrics, here they go to their own file. */
const emfMarker = '"_aws":{';

/**
 * Routes the supervisor's output. Its stdout carries the functions' JSON logs and EMF metric
 * lines (as a Lambda's would), its stderr what Node and the poller and emulator children
 * report (warnings, retries); that goes to `logs/stack.log`, beside the supervisor's own
 * lines. The functions' lines go to `logs/functions.log` and
 * `logs/metrics.log` — keeping the terminal for the banner — or, with `logs: 'terminal'`, to
 * this process's stdout. Every file is mode 0600: a log line may name a URL. Resolves once
 * all is written.
 */
export async function routeSupervisorOutput(
  child: ChildProcess,
  options: Pick<StackOptions, 'logs' | 'stateDir'>,
): Promise<void> {
  const { stdout, stderr } = child;
  if (!stdout || !stderr) throw new Error('the supervisor must be spawned with piped output');
  const paths = statePaths(options.stateDir);
  const file = (name: string): WriteStream => createWriteStream('', { fd: openPrivateLog(name) });
  const stack = file(paths.stackLog);
  stderr.pipe(stack);
  if (options.logs === 'terminal') {
    stdout.pipe(process.stdout, { end: false });
    await Promise.all([finished(stdout), finished(stack)]);
    return;
  }
  const functions = file(paths.functionsLog);
  const metrics = file(paths.metricsLog);
  const lines = createInterface({ input: stdout, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines)
    (line.includes(emfMarker) ? metrics : functions).write(`${line}\n`);
  functions.end();
  metrics.end();
  await Promise.all([finished(functions), finished(metrics), finished(stack)]);
}
