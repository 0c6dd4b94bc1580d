import { createInterface } from 'node:readline/promises';
import { runCli } from './cli';

/**
 * A yes/no question on the terminal; only `y` or `yes` is a yes. Ctrl-C at the question (the
 * terminal is in raw mode then, so it is no signal) answers no and stops the command as Ctrl-C
 * does anywhere else.
 */
async function confirm(question: string): Promise<boolean> {
  const terminal = createInterface({ input: process.stdin, output: process.stderr });
  const interrupted = new AbortController();
  terminal.once('SIGINT', () => {
    interrupted.abort();
    process.emit('SIGINT');
  });
  try {
    const answer = await terminal.question(`${question} [y/N] `, { signal: interrupted.signal });
    return /^y(es)?$/i.test(answer.trim());
  } catch {
    return false;
  } finally {
    terminal.close();
  }
}

// The `fluxa` executable: wires the process (argv, streams, Ctrl-C) to runCli.
// First Ctrl-C: commands stop taking new work, release what they hold, and print
// what they did; a second one exits at once.
const controller = new AbortController();
process.on('SIGINT', () => {
  if (controller.signal.aborted) process.exit(130);
  process.stderr.write('\nfluxa: stopping (Ctrl-C again to quit now)\n');
  controller.abort();
});

// A reader that stopped reading (`fluxa list | head`) ends the command, quietly, as it
// ends any Unix tool; any other output error is a real one.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Where the operator typed the command: `./fluxa` runs there (and clears an INIT_CWD
  // it inherited); `pnpm fluxa` runs in the repository root and passes it in INIT_CWD.
  cwd: process.env.INIT_CWD ?? process.cwd(),
  signal: controller.signal,
  ...(process.stdin.isTTY ? { confirm } : {}),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `fluxa: internal error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
