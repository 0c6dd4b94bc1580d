import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { waitUntil } from '@fluxa/local-runtime';
import { freshEventId } from '@fluxa/testing';
import { apiKey, useClientStack } from './helpers/stack';

const examples = path.join(__dirname, '..', 'examples');
const repoRoot = path.join(__dirname, '..', '..', '..');

const testStack = useClientStack();

/** The ```ts blocks of a Markdown file that are marked `<!-- example: <file> -->` on the line before. */
function markedExamples(markdown: string): Map<string, string> {
  const blocks = new Map<string, string>();
  for (const match of markdown.matchAll(/^<!-- example: (\S+) -->\n```ts\n([\s\S]*?)^```$/gm)) {
    blocks.set(match[1] ?? '', match[2] ?? '');
  }
  return blocks;
}

/** The JSON lines a child process prints, as they come. */
function jsonLines(child: ChildProcess): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => lines.push(JSON.parse(line)));
  }
  return lines;
}

describe('the examples', () => {
  it('are shown in the README exactly as they are tested here', () => {
    // Prepare
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

    // Act
    const shown = markedExamples(readme);

    // Assess
    expect([...shown.keys()].sort()).toEqual([
      'packages/client/examples/lambda.ts',
      'packages/client/examples/service.ts',
    ]);
    for (const [file, text] of shown)
      expect(text).toBe(readFileSync(path.join(repoRoot, file), 'utf8'));
  });

  it('has the Lambda handler send every payment before it returns', async () => {
    // Prepare
    process.env.FLUXA_URL = testStack().url;
    process.env.FLUXA_API_KEY = apiKey;
    const { handler } = await import('../examples/lambda');
    const payments = Array.from({ length: 3 }, () => ({
      id: freshEventId('pay'),
      customerId: 'customer-7',
      amountCents: 1999,
      currency: 'EUR',
      shop: 'Corner Shop',
      paidAt: new Date().toISOString(),
    }));

    // Act
    const result = await handler({ payments });

    // Assess
    expect(result).toEqual({ sent: 3 });
    await testStack().waitUntilStored(payments.map((payment) => `payment-${payment.id}`));
  });

  it('has the service send what it buffered when it gets SIGTERM, before it exits', async () => {
    // Prepare
    const child = spawn(process.execPath, [path.join(examples, 'service.ts')], {
      env: { ...process.env, FLUXA_URL: testStack().url, FLUXA_API_KEY: apiKey, PORT: '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const logs = jsonLines(child);
    const listening = await waitUntil(() => logs.find((line) => line.msg === 'listening'), {
      timeoutMs: 20_000,
      what: 'the example service listening',
    });
    const { port } = listening.address as { port: number };
    const orders = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`http://127.0.0.1:${port}/checkout`, {
          method: 'POST',
          body: JSON.stringify({ customer: 'customer-8', total: 42.5, currency: 'USD' }),
        }).then((response) => response.json() as Promise<{ event_id: string }>),
      ),
    );

    // Act
    child.kill('SIGTERM');
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));

    // Assess
    expect(code).toBe(0);
    expect(logs.at(-1)).toEqual({
      msg: 'fluxa: flushed on shutdown',
      delivered: 5,
      undelivered: 0,
    });
    await testStack().waitUntilStored(orders.map((order) => order.event_id));
  }, 60_000);
});
