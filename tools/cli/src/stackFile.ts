import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { type LocalStack, validateLocalStack } from '@fluxa/models';
import { CliError, messageOf } from './errors';

/** Violations named in the error for a stack file of the wrong shape; the rest are counted. */
const shownViolations = 3;

/** The nearest `.local/stack.json` from `cwd` upwards, or undefined. */
export function findStackFile(cwd: string): string | undefined {
  let dir = path.resolve(cwd);
  for (;;) {
    const candidate = path.join(dir, '.local', 'stack.json');
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Reads a stack file (untrusted: anyone may have edited it) against the `LocalStack`
 * contract of `@fluxa/models`; an unreadable file, or one of another shape, is one line
 * naming the file and why.
 */
function readStackFile(file: string): LocalStack {
  const unreadable = (why: string) => new CliError(`cannot read ${file}: ${why}`, 'BAD_STACK_FILE');
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw unreadable((error as NodeJS.ErrnoException).code ?? messageOf(error));
  }
  const checked = validateLocalStack(parsed);
  if (checked.ok) return checked.value;
  const { violations } = checked;
  const named = violations
    .slice(0, shownViolations)
    .map((violation) => `${violation.field || '(file)'} ${violation.reason}`);
  const more = violations.length - named.length;
  throw unreadable(`${named.join('; ')}${more > 0 ? ` (and ${more} more)` : ''}`);
}

/** Reads the nearest stack file, or undefined when there is none. */
export function readLocalStack(cwd: string): { file: string; stack: LocalStack } | undefined {
  const file = findStackFile(cwd);
  return file ? { file, stack: readStackFile(file) } : undefined;
}
