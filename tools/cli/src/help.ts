import manual from '../../../docs/CLI.md';
import { type CommandSpec, commonOptions, type OptionSpec } from './args';

function optionLabel(name: string, option: OptionSpec): string {
  const short = option.short ? `-${option.short}, ` : '';
  const value = option.type === 'string' ? ` ${option.value ?? 'VALUE'}` : '';
  return `${short}--${name}${value}`;
}

/** A line of Markdown as plain text: no backticks or bold, links as their text, table cells spaced. */
function plain(line: string): string {
  const text = line.replace(/`|\*\*/g, '').replace(/\[([^\]]+)\]\([^)]+\)/g, '$1');
  if (!text.startsWith('|')) return text;
  const cells = text.split('|').slice(1, -1);
  return cells.map((cell) => cell.trim()).join('  ·  ');
}

/**
 * What the manual (docs/CLI.md) says of a command, as plain text: its `### ` section, whose
 * heading names `` `fluxa <name>` ``, without code fences and table rules.
 */
export function manualSection(name: string): string[] {
  const section = manual
    .split(/^### /m)
    .find((text) => text.split('\n')[0]?.includes(`\`fluxa ${name}\``));
  const body = section?.slice(section.indexOf('\n') + 1).split(/^##? /m)[0] ?? '';
  return body
    .trim()
    .split('\n')
    .filter((line) => !line.startsWith('```') && !/^\|[\s-|]+\|$/.test(line))
    .map(plain);
}

/** The `--help` text of a command, generated from its spec so flags and help never drift. */
export function commandHelp(spec: CommandSpec): string {
  const options = Object.entries({ ...spec.options, ...commonOptions });
  const labels = options.map(([name, option]) => optionLabel(name, option));
  const width = Math.max(...labels.map((label) => label.length)) + 2;
  const lines = [
    `fluxa ${spec.name} — ${spec.summary}`,
    '',
    `Usage: fluxa ${spec.name} ${spec.synopsis}`.trimEnd(),
  ];
  lines.push('', ...manualSection(spec.name));
  lines.push('', 'Options:');
  options.forEach(([, option], index) => {
    const label = labels[index] ?? '';
    lines.push(`  ${label.padEnd(width)}${option.description}`);
  });
  if (spec.examples?.length) {
    lines.push('', 'Examples:', ...spec.examples.map((example) => `  ${example}`));
  }
  return `${lines.join('\n')}\n`;
}

/** The text of `fluxa --help` / `fluxa help`: every command with its summary. */
export function mainHelp(commands: Array<{ name: string; summary: string }>): string {
  const width = Math.max(...commands.map((command) => command.name.length)) + 2;
  return [
    'fluxa — operate a Fluxa deployment: send, read and export events, replay notifications, act on dead letters, load-test, verify',
    '',
    'Usage: fluxa <command> [options]        (in the repository: ./fluxa <command> …)',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Target: --url / --api-key flags, else --terraform-dir outputs, else FLUXA_URL /',
    'FLUXA_API_KEY, else the local stack (.local/stack.json, written by make local-up).',
    'Queues: --queue-url / --dlq-url, FLUXA_QUEUE_URL / FLUXA_DLQ_URL, terraform outputs or',
    'the local stack; --endpoint or AWS_ENDPOINT_URL for an emulator.',
    '',
    'Every command takes --help and --json; fluxa --version prints the release. Exit codes: 0 ok,',
    '1 failed, 2 bad usage, 130 Ctrl-C.',
    '',
  ].join('\n');
}
