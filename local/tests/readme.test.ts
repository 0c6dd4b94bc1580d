import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@fluxa/testing';
import { type RunningStack, startLocalStack } from '../src';
import { runCommand } from './helpers/localCommand';

/**
 * Runs the README's shell examples as written, in one shell, from a directory that looks
 * like a checkout (`./fluxa`, `examples/`, the stack's `.local/`), against a stack of its
 * own. The one substitution: the documented default API address becomes this stack's.
 */
const repoRoot = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
const defaultApi = 'http://127.0.0.1:8787';

interface Example {
  /** The heading the block is under, to name it. */
  section: string;
  script: string;
  /** The JSON block right after it, if any: what the example answers. */
  answer?: unknown;
}

/** Every ```sh block not marked `<!-- readme-test: skip … -->` on the line before it. */
function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const fence = /^```(\w*)\n([\s\S]*?)^```\n/gm;
  for (const match of markdown.matchAll(fence)) {
    const [, language, body = ''] = match;
    if (language !== 'sh') continue;
    const before = markdown.slice(0, match.index).trimEnd();
    if (before.split('\n').at(-1)?.startsWith('<!-- readme-test: skip')) continue;
    const section = [...before.matchAll(/^#+ (.*)$/gm)].at(-1)?.[1] ?? '(top)';
    const after = markdown.slice((match.index ?? 0) + match[0].length).trimStart();
    const answer = /^```json\n([\s\S]*?)^```/m.exec(after);
    examples.push({
      section,
      script: body,
      ...(answer && after.startsWith('```json') ? { answer: JSON.parse(answer[1] ?? '') } : {}),
    });
  }
  return examples;
}

let db: TestDatabase;
let stack: RunningStack;
let checkout: string;

beforeAll(async () => {
  db = await createTestDatabase();
  checkout = mkdtempSync(path.join(tmpdir(), 'fluxa-readme-'));
  symlinkSync(path.join(repoRoot, 'fluxa'), path.join(checkout, 'fluxa'));
  symlinkSync(path.join(repoRoot, 'examples'), path.join(checkout, 'examples'));
  // Its own emulator: a stack's queues have fixed names, so stacks on one emulator share them.
  stack = await startLocalStack({
    stateDir: path.join(checkout, '.local'),
    databaseUrl: db.url,
  });
});

afterAll(async () => {
  await stack?.stop();
  await db?.drop();
  if (checkout) rmSync(checkout, { recursive: true, force: true });
});

describe('the README', () => {
  it('runs every shell example as written: each answers what it says, and its events are stored', async () => {
    // Prepare
    const examples = examplesOf(readme);
    const marker = (index: number) => `::readme-example-${index}::`;
    const script = examples
      .map((e, index) => `printf '\\n%s\\n' '${marker(index)}'\n${e.script}`)
      .join('\n')
      .replaceAll(defaultApi, stack.info.api_url);
    const env = { ...process.env };
    // A user's shell: none of the test run's own settings (its shared emulator, its database).
    for (const name of Object.keys(env)) {
      if (name.startsWith('FLUXA_') || name.startsWith('AWS_') || name === 'DATABASE_URL') {
        delete env[name];
      }
    }

    // Act
    const run = await runCommand('bash', ['-euo', 'pipefail', '-c', script], {
      cwd: checkout,
      env,
    });

    // Assess
    const tail = run.stdout.slice(-1500) + run.stderr.slice(-1500);
    expect({ status: run.code, tail }).toEqual({ status: 0, tail });
    const outputs = examples.map((_, index) => {
      const start = run.stdout.indexOf(marker(index)) + marker(index).length;
      const end = run.stdout.indexOf(marker(index + 1));
      return run.stdout.slice(start, end < 0 ? undefined : end).trim();
    });
    for (const [index, example] of examples.entries()) {
      const output = outputs[index] ?? '';
      if (example.answer !== undefined) {
        expect({ section: example.section, answer: JSON.parse(output) }).toEqual({
          section: example.section,
          answer: example.answer,
        });
      } else {
        // Nothing but "not stored yet" may go wrong in an example that does not say so.
        const codes = [...output.matchAll(/"code":"([A-Z_]+)"/g)].map((m) => m[1]);
        expect({ section: example.section, codes: codes.filter((c) => c !== 'NOT_FOUND') }).toEqual(
          { section: example.section, codes: [] },
        );
      }
    }
    const key = readFileSync(path.join(checkout, '.local', 'dev-api-key'), 'utf8').trim();
    const stored = async (id: string) =>
      (await fetch(`${stack.info.api_url}/events/${id}`, { headers: { 'x-api-key': key } })).status;
    const ids = ['pay-1', 'pay-0001', 'batch-0001', 'batch-0002', 'batch-0003'];
    expect(await Promise.all(ids.map(stored))).toEqual(ids.map(() => 200));
  });
});
