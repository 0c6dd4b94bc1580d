import { parseArgs } from 'node:util';
import { UsageError } from './errors';

/** One flag of a command, as its help shows it. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder in the help, e.g. `N` in `--count N`. */
  value?: string;
  description: string;
}

/** A command's flags and positionals, the input of parsing and of its help. */
export interface CommandSpec {
  /** As typed after `fluxa`, e.g. `dlq redrive`. */
  name: string;
  summary: string;
  /** Argument synopsis after the name, e.g. `<event-id> [options]`. */
  synopsis: string;
  /** Paragraphs shown between the usage line and the options. */
  description?: string[];
  options: Record<string, OptionSpec>;
  /** Names of the positional arguments, in order; all required. */
  positionals?: string[];
  examples?: string[];
}

/** Parsed flag values by long name. */
export type FlagValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** The result of parsing a command line against a {@link CommandSpec}. */
export interface ParsedArgs {
  values: FlagValues;
  positionals: string[];
}

/** Flags every command takes. */
export const commonOptions: Record<string, OptionSpec> = {
  json: { type: 'boolean', description: 'print the result as JSON on stdout (for scripts)' },
  help: { type: 'boolean', short: 'h', description: 'show this help' },
};

/**
 * Parses argv strictly: an unknown flag, a flag without its value (or with one it does not
 * take) or a wrong number of positionals is a {@link UsageError} naming the command's help.
 * Node's parser runs leniently with `tokens`, and each token is judged here, so the messages
 * are ours, not Node's.
 */
export function parseCommandArgs(spec: CommandSpec, argv: string[]): ParsedArgs {
  const options = { ...spec.options, ...commonOptions };
  const parsed = parseArgs({
    args: argv,
    options: Object.fromEntries(
      Object.entries(options).map(([name, option]) => [
        name,
        {
          type: option.type,
          ...(option.short ? { short: option.short } : {}),
          ...(option.multiple ? { multiple: true } : {}),
        },
      ]),
    ),
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const usage = (problem: string) => new UsageError(`${problem} (see fluxa ${spec.name} --help)`);
  for (const token of parsed.tokens) {
    if (token.kind !== 'option') continue;
    const option = options[token.name];
    if (!option) throw usage(`unknown option '${token.rawName}'`);
    const flag = `--${token.name}`;
    if (option.type === 'boolean' && token.value !== undefined) {
      throw usage(`option '${flag}' takes no value`);
    }
    // As Node's strict mode: a value that looks like a flag must be given as --name=value.
    const missing =
      token.value === undefined || (!token.inlineValue && token.value.startsWith('-'));
    if (option.type === 'string' && missing) throw usage(`option '${flag}' needs a value`);
  }
  const values = parsed.values as FlagValues;
  const expected = spec.positionals ?? [];
  if (values.help !== true) {
    if (parsed.positionals.length < expected.length) {
      const absent = expected.slice(parsed.positionals.length).map((name) => `<${name}>`);
      throw usage(`missing ${absent.join(' ')}`);
    }
    if (parsed.positionals.length > expected.length) {
      throw usage(`unexpected argument '${parsed.positionals[expected.length]}'`);
    }
  }
  return { values, positionals: parsed.positionals };
}

/** A string flag's value, or undefined when absent. */
export function stringFlag(values: FlagValues, name: string): string | undefined {
  const value = values[name];
  if (Array.isArray(value)) {
    const last = value[value.length - 1];
    return typeof last === 'string' ? last : undefined;
  }
  return typeof value === 'string' ? value : undefined;
}

/** A boolean flag's value (absent = false). */
export function booleanFlag(values: FlagValues, name: string): boolean {
  return values[name] === true;
}

/** A required string flag; its absence is a usage error. */
export function requiredFlag(values: FlagValues, name: string, command: string): string {
  const value = stringFlag(values, name);
  if (value === undefined || value === '') {
    throw new UsageError(`--${name} is required (see fluxa ${command} --help)`);
  }
  return value;
}

/** An integer flag within [min, max], or `fallback` when absent. */
export function integerFlag(
  values: FlagValues,
  name: string,
  limits: { min: number; max: number; fallback: number },
): number {
  const raw = stringFlag(values, name);
  if (raw === undefined) return limits.fallback;
  if (!/^\d+$/.test(raw.trim())) {
    throw new UsageError(`--${name} must be a whole number, got '${raw}'`);
  }
  const value = Number(raw);
  if (value < limits.min || value > limits.max) {
    throw new UsageError(`--${name} must be between ${limits.min} and ${limits.max}, got ${raw}`);
  }
  return value;
}

/** A positive number of seconds (decimals allowed), or `fallback` when absent. */
export function secondsFlag(values: FlagValues, name: string, fallback: number): number {
  const raw = stringFlag(values, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value <= 0) {
    throw new UsageError(`--${name} must be a positive number of seconds, got '${raw}'`);
  }
  return value;
}

/** An RFC 3339 date-time flag (validated), or undefined when absent. */
export function dateTimeFlag(values: FlagValues, name: string): string | undefined {
  const raw = stringFlag(values, name);
  if (raw === undefined) return undefined;
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;
  if (!rfc3339.test(raw) || Number.isNaN(Date.parse(raw))) {
    throw new UsageError(
      `--${name} must be an RFC 3339 date-time such as 2026-11-23T10:00:00Z, got '${raw}'`,
    );
  }
  return raw;
}
