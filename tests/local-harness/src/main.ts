/**
 * `make local-test`: the end-to-end harness on a stack of its own — a fresh state dir under
 * the temp dir, free ports, the fault-control server on — started and stopped here, so a
 * developer's stack (its data, its DLQ) is never touched. The state dir is removed after a
 * pass and kept, with its logs, for a failure. Exits 1 when a scenario failed.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startLocalStack } from '@fluxa/local';
import { runHarness } from './runHarness';

const out = (line: string) => process.stdout.write(`${line}\n`);
const stateDir = mkdtempSync(path.join(tmpdir(), 'fluxa-local-test-'));
chmodSync(stateDir, 0o755); // as root, PostgreSQL runs as `postgres` and must reach its data
const started = performance.now();
const stack = await startLocalStack({ stateDir, controlPort: 0, timeoutMs: 180_000 });
out(
  `local-test: a stack of its own in ${stateDir}, up in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
let passed = false;
try {
  passed = await runHarness(stack.info, out);
} finally {
  await stack.stop();
}
if (passed) rmSync(stateDir, { recursive: true, force: true });
else out(`local-test: the stack's logs are kept in ${path.join(stateDir, 'logs')}`);
process.exitCode = passed ? 0 : 1;
