import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCli } from '../../src/cli';
import type { CliContext } from '../../src/context';
import type { TextSink } from '../../src/output';

/** A TextSink that keeps what was written. */
export class Buffer implements TextSink {
  text = '';
  constructor(
    public isTTY = false,
    public columns = 120,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

/** An empty directory (no .local/stack.json above it), so tests never pick up a developer's stack. */
export function emptyDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'fluxa-cli-'));
}

/** A context writing to buffers, with no environment and no stack file unless given. */
export function testContext(overrides: Partial<CliContext> = {}): CliContext & {
  stdout: Buffer;
  stderr: Buffer;
} {
  return {
    stdout: new Buffer(),
    stderr: new Buffer(),
    env: {},
    cwd: emptyDir(),
    signal: new AbortController().signal,
    ...overrides,
  } as CliContext & { stdout: Buffer; stderr: Buffer };
}

/** What one CLI run produced. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (for --json runs). */
  json(): unknown;
}

/** Runs `fluxa <argv>` in process and captures its exit code and output. */
export async function fluxa(
  argv: string[],
  overrides: Partial<CliContext> = {},
): Promise<RunResult> {
  const context = testContext(overrides);
  const code = await runCli(argv, context);
  return {
    code,
    stdout: context.stdout.text,
    stderr: context.stderr.text,
    json: () => JSON.parse(context.stdout.text) as unknown,
  };
}
