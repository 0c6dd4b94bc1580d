import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LocalStackError } from './stackErrors';

/** local/dist/main.mjs: every local command, and the entry of the stack's child processes. */
export const mainScript = fileURLToPath(import.meta.url);
/** local/dist → the repository root. */
export const repoRoot = path.resolve(path.dirname(mainScript), '..', '..');

/** The functions the local stack runs (migrations run from their own entry; migrate's bundle runs the key purge). */
export type FunctionName =
  | 'ingest'
  | 'query'
  | 'control'
  | 'processor'
  | 'relay'
  | 'authorizer'
  | 'migrate';

/** A function bundle as `make package` zips it (as a file URL, for `import`, when `asUrl`). */
export function bundlePath(name: FunctionName, asUrl = false): string {
  const file = path.join(repoRoot, 'functions', name, 'dist', 'index.mjs');
  if (!existsSync(file)) {
    throw new LocalStackError('BUNDLE_MISSING', `${file} is missing: run make build`);
  }
  return asUrl ? pathToFileURL(file).href : file;
}

/**
 * Imports a function bundle's `handler`, as the Lambda runtime would. Each `container`
 * number is a separate instance of the bundle (its own module scope: pool, clients), as
 * concurrent invocations on AWS each run in a container of their own.
 */
export async function importHandler<H>(name: FunctionName, container = 0): Promise<H> {
  const url = new URL(bundlePath(name, true));
  if (container > 0) url.search = `container=${container}`;
  const module = (await import(url.href)) as { handler: H };
  return module.handler;
}

/**
 * Runs `main.mjs <command>` as a child of the stack: in its own process group, so a terminal's
 * Ctrl-C reaches only the console, which stops the children in order; with an IPC channel
 * for its readiness message, whose closing ends the child if its parent dies.
 */
export function spawnLocalCommand(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; output: 'inherit' | 'pipe' },
): ChildProcess {
  return spawn(process.execPath, [mainScript, command, ...args], {
    env: options.env ?? process.env,
    detached: true,
    stdio: ['ignore', options.output, options.output, 'ipc'],
  });
}
