import { rmSync } from 'node:fs';
import type { AwsEmulator, PostgresServer } from '@fluxa/local-runtime';

/** Jest globalTeardown: stops what globalSetup started and removes its files. */
export default async function globalTeardown(): Promise<void> {
  const stack = (
    globalThis as { fluxaTestStack?: { pg?: PostgresServer; aws: AwsEmulator; root: string } }
  ).fluxaTestStack;
  if (!stack) return;
  await Promise.all([stack.pg?.stop(), stack.aws.stop()]);
  rmSync(stack.root, { recursive: true, force: true });
}
