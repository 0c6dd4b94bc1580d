import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CliError, messageOf } from './errors';

/**
 * The part of the local stack's `.local/stack.json` the CLI reads (the full shape
 * is `LocalStack` in `@fluxa/local`; declared here so the CLI bundle does not
 * depend on the stack's code).
 */
export interface LocalStack {
  api_url: string;
  api_key: string;
  emulator_endpoint: string;
  region: string;
  queue_url: string;
  dlq_url: string;
}

const stackFields = [
  'api_url',
  'api_key',
  'emulator_endpoint',
  'region',
  'queue_url',
  'dlq_url',
] as const;

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

/** Parses a stack file's content (untrusted JSON) into the fields the CLI needs. */
export function parseStackInfo(text: string, file: string): LocalStack {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${messageOf(error)}`, 'BAD_STACK_FILE');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CliError(`cannot read ${file}: not a JSON object`, 'BAD_STACK_FILE');
  }
  const fields = parsed as Record<string, unknown>;
  const missing = stackFields.filter((name) => typeof fields[name] !== 'string');
  if (missing.length > 0) {
    throw new CliError(`cannot read ${file}: missing ${missing.join(', ')}`, 'BAD_STACK_FILE');
  }
  const pick = (name: (typeof stackFields)[number]) => String(fields[name]);
  return {
    api_url: pick('api_url'),
    api_key: pick('api_key'),
    emulator_endpoint: pick('emulator_endpoint'),
    region: pick('region'),
    queue_url: pick('queue_url'),
    dlq_url: pick('dlq_url'),
  };
}

/** Reads the nearest stack file, or undefined when there is none. */
export function readLocalStack(cwd: string): { file: string; stack: LocalStack } | undefined {
  const file = findStackFile(cwd);
  if (!file) return undefined;
  return { file, stack: parseStackInfo(readFileSync(file, 'utf8'), file) };
}
