import { releaseVersion } from '@fluxa/models';
import { parseCommandArgs } from './args';
import { commands } from './commands/index';
import type { CliContext, Command } from './context';
import { CliError, exitCodes, InterruptedError, messageOf, UsageError } from './errors';
import { commandHelp, mainHelp } from './help';
import { Output } from './output';

function findCommand(argv: string[]): { command: Command; rest: string[] } | undefined {
  const matches = commands
    .map((command) => ({ command, words: command.spec.name.split(' ') }))
    .filter(({ words }) => words.every((word, index) => argv[index] === word))
    .sort((a, b) => b.words.length - a.words.length);
  const best = matches[0];
  return best ? { command: best.command, rest: argv.slice(best.words.length) } : undefined;
}

function groupHelp(group: string): string | undefined {
  const members = commands.filter((command) => command.spec.name.startsWith(`${group} `));
  if (members.length === 0) return undefined;
  return mainHelp(members.map((command) => command.spec)).replace(
    /Usage: fluxa <command>/,
    `Usage: fluxa ${group} <command>`,
  );
}

function report(context: CliContext, json: boolean, error: unknown): number {
  if (error instanceof InterruptedError) {
    context.stderr.write('fluxa: interrupted\n');
    return exitCodes.interrupted;
  }
  const usage = error instanceof UsageError;
  const code = error instanceof CliError || usage ? error.code : 'INTERNAL';
  const message = messageOf(error);
  context.stderr.write(
    `fluxa: ${usage || error instanceof CliError ? '' : 'internal error: '}${message}\n`,
  );
  if (context.env.FLUXA_DEBUG && error instanceof Error && error.stack) {
    context.stderr.write(`${error.stack}\n`);
  }
  if (json) context.stdout.write(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  return usage ? exitCodes.usage : exitCodes.failure;
}

/**
 * Runs one CLI invocation (argv without `node` and the script) and returns the
 * exit code. Errors become one line on stderr — never a stack trace (unless
 * FLUXA_DEBUG is set) — exit 2 for bad usage, 1 for failures.
 */
export async function runCli(argv: string[], context: CliContext): Promise<number> {
  const [first, ...others] = argv;
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const target = first === 'help' ? findCommand(others) : undefined;
    const group = first === 'help' && others[0] ? groupHelp(others[0]) : undefined;
    context.stdout.write(
      target ? commandHelp(target.command.spec) : (group ?? mainHelp(commands.map((c) => c.spec))),
    );
    return first === undefined ? exitCodes.usage : exitCodes.ok;
  }
  if (first === '--version' && others.length === 0) {
    context.stdout.write(`fluxa ${releaseVersion}\n`);
    return exitCodes.ok;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = groupHelp(first);
    if (group) {
      const sub = argv[1];
      if (sub === undefined || sub === '--help' || sub === '-h') {
        context.stdout.write(group);
        return sub === undefined ? exitCodes.usage : exitCodes.ok;
      }
      return report(
        context,
        false,
        new UsageError(`unknown command '${first} ${sub}' (see fluxa ${first} --help)`),
      );
    }
    return report(context, false, new UsageError(`unknown command '${first}' (see fluxa --help)`));
  }
  const { command, rest } = found;
  const json = rest.includes('--json');
  try {
    const args = parseCommandArgs(command.spec, rest);
    if (args.values.help === true) {
      context.stdout.write(commandHelp(command.spec));
      return exitCodes.ok;
    }
    const out = new Output(context.stdout, context.stderr, args.values.json === true);
    return await command.run({ ...context, out }, args);
  } catch (error) {
    return report(context, json, error);
  }
}
