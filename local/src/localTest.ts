import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runHarness } from './harness/runHarness';
import { startLocalStack } from './launcher';
import { postgresDataDirs } from './postgres';

/**
 * `make local-test`: the end-to-end harness on a stack of its own — a fresh state dir under
 * the temp dir, free ports — started and stopped here, so a developer's stack (its data, its
 * DLQ) is never touched. The state dir is removed after a pass and kept, with its logs, for a
 * failure.
 */
export async function runLocalTest(out: (line: string) => void): Promise<boolean> {
  const stateDir = mkdtempSync(path.join(tmpdir(), 'fluxa-local-test-'));
  chmodSync(stateDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its data
  const started = Date.now();
  const stack = await startLocalStack({ stateDir, timeoutMs: 180_000 });
  out(`local-test: a stack of its own in ${stateDir}, up in ${seconds(started)} s`);
  let passed = false;
  try {
    passed = await runHarness(stack.info, out);
  } finally {
    await stack.stop();
  }
  if (passed) {
    for (const dir of [stateDir, ...postgresDataDirs(stateDir)]) {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    out(`local-test: the stack's logs are kept in ${path.join(stateDir, 'logs')}`);
  }
  return passed;
}

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
