import type { CommandSpec, ParsedArgs } from './args';
import { UsageError } from './errors';
import type { Output, TextSink } from './output';
import type { TerraformRunner } from './terraform';

/** What a CLI run reads from its environment; tests pass their own. */
export interface CliContext {
  stdout: TextSink;
  stderr: TextSink;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Aborted on Ctrl-C: commands stop taking new work and finish cleanly. */
  signal: AbortSignal;
  fetch?: typeof fetch;
  runTerraform?: TerraformRunner;
  /**
   * Asks the operator a yes/no question (on a terminal); absent when nobody can answer, and a
   * command that needs an answer then asks for its --yes flag instead.
   */
  confirm?: (question: string) => Promise<boolean>;
  /** Milliseconds between plain (non-TTY) progress lines; default 2000. */
  progressIntervalMs?: number;
}

/** A context plus the output sink the command's --json flag selected. */
export interface CommandContext extends CliContext {
  out: Output;
}

/** One command: its spec (flags, help) and what it does; returns the exit code. */
export interface Command {
  spec: CommandSpec;
  run(context: CommandContext, args: ParsedArgs): Promise<number>;
}

/**
 * A step that cannot be undone needs `--yes` or someone at a terminal to say yes: without
 * either, a usage error naming --yes, before anything is done.
 */
export function requireConsent(context: CliContext, yes: boolean): void {
  if (!yes && !context.confirm) {
    throw new UsageError('stdin is not a terminal to confirm on: pass --yes');
  }
}
