import type { LocalStack } from '@fluxa/models';
import { createContext } from './context';
import { faults } from './faults';
import { scenarios } from './scenarios';
import { storability } from './storability';

/** Runs every scenario against a running stack; one PASS/FAIL line each. True when all passed. */
export async function runHarness(
  info: LocalStack,
  out: (line: string) => void = (l) => process.stdout.write(`${l}\n`),
): Promise<boolean> {
  const ctx = createContext(info);
  let passed = 0;
  let failed = 0;
  out(`local-test against ${info.api_url}`);
  try {
    for (const scenario of [...scenarios, storability, ...faults]) {
      const started = Date.now();
      try {
        await scenario.run(ctx);
        passed += 1;
        out(`PASS  ${scenario.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (error) {
        failed += 1;
        out(`FAIL  ${scenario.name}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  } finally {
    await ctx.sql.end({ timeout: 1 });
  }
  out(`local-test: ${passed} passed, ${failed} failed`);
  return failed === 0;
}
