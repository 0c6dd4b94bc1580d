/** Where text goes: process.stdout / process.stderr, or a buffer in tests. */
export interface TextSink {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
  /** A stream's `once`, to wait for `drain` after a write it could not take at once. */
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * Human output by default, one JSON document on stdout with `--json`. Results go
 * to stdout; progress, notes and errors go to stderr so that a script piping
 * stdout gets only the result.
 */
export class Output {
  constructor(
    readonly stdout: TextSink,
    readonly stderr: TextSink,
    readonly json: boolean,
  ) {}

  /** Prints the command's result: `value` as JSON with --json, else the human lines. */
  result(value: unknown, human: () => string[]): void {
    if (this.json) {
      this.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
      return;
    }
    for (const line of human()) this.stdout.write(`${line}\n`);
  }

  /** A human line on stdout (suppressed with --json, where only the result is printed). */
  line(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  /** A note on stderr: progress, hints, warnings. */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }
}

/**
 * Writes text and, when the sink asks to wait (a pipe slower than the API), waits until it has
 * drained: a long stream (an export) never piles up in memory.
 */
export async function writeDrained(sink: TextSink, text: string): Promise<void> {
  if (sink.write(text) !== false || !sink.once) return;
  await new Promise<void>((resolve) => sink.once?.('drain', () => resolve()));
}

/** Left-aligned columns separated by two spaces; the last column is not padded. */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const format = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0),
      )
      .join('  ')
      .trimEnd();
  return [format(headers), ...rows.map(format)];
}

/** `key: value` lines with the values aligned. */
export function formatFields(fields: Array<[string, string]>): string[] {
  const width = Math.max(...fields.map(([key]) => key.length));
  return fields.map(([key, value]) => `${`${key}:`.padEnd(width + 1)} ${value}`);
}

/** On a terminal, cuts lines to its width (the reason column of a wide table); piped output is left whole. */
export function fitToTerminal(lines: string[], sink: TextSink): string[] {
  if (!sink.isTTY || !sink.columns) return lines;
  const max = Math.max(40, sink.columns - 1);
  return lines.map((line) => (line.length <= max ? line : `${line.slice(0, max - 1)}…`));
}
