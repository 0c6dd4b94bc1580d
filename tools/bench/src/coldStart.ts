import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { type ApiKeyGrants, apiKeyHash } from '@fluxa/models';
import { bundleComposition, type Metafile } from './bundleComposition';
import { Deadline } from './deadline';
import type { ColdStartOptions } from './options';
import { repoRoot } from './repoRoot';
import { type MeasurementResult, type Metric, metric, notRun } from './results';

/** What each handler reads at import: enough for module scope to succeed without touching anything. */
const importEnv = {
  QUEUE_URL: 'http://127.0.0.1:1/000000000000/bench-events',
  PAYLOAD_BUCKET: 'bench-payloads',
  DLQ_URL: 'http://127.0.0.1:1/000000000000/bench-events-dlq',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench-events',
  // The pool is lazy: nothing connects at import, so an unreachable URL is fine.
  DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
  // The authorizer's grants table, as Terraform renders it: one key's hash.
  API_KEY_GRANTS: JSON.stringify({
    [apiKeyHash('bench')]: { client: 'bench', tenant_id: 'default', scopes: ['write', 'read'] },
  } satisfies ApiKeyGrants),
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  LOG_LEVEL: 'silent',
  // What the Lambda runtime sets: aws-embedded-metrics then detects Lambda at import
  // instead of probing the EC2 metadata endpoint (which would keep the process alive 1 s).
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
};

const maxZipBytes = 300 * 1024;
const maxImportMs = 80;

/**
 * cold-start: each `dist/<name>.zip`'s size, and the time a fresh `node`
 * takes to import each bundle (`functions/<name>/dist/index.mjs`), measured
 * inside the child around `await import()`, next to the whole-process wall time
 * of the same child and of `node -e 0`. Samples alternate between programs.
 */
export function measureColdStart(options: ColdStartOptions): MeasurementResult {
  const deadline = new Deadline(options.budgetMs);
  const missing = options.functions.flatMap((name) =>
    [zipPath(name), bundlePath(name)].filter((file) => !existsSync(file)),
  );
  if (missing.length > 0) {
    return notRun('cold-start', 'failed', `missing ${missing.join(', ')}: run make package first`);
  }
  const importMs = new Map<string, number[]>(options.functions.map((n) => [n, []]));
  // As deployed: Terraform sets NODE_OPTIONS=--enable-source-maps on every function.
  const importWithMapsMs = new Map<string, number[]>(options.functions.map((n) => [n, []]));
  const wallMs = new Map<string, number[]>([
    ['node -e 0', []],
    ...options.functions.map((n): [string, number[]] => [n, []]),
  ]);
  for (let i = 0; i < options.samples && !deadline.passed(); i++) {
    wallMs.get('node -e 0')?.push(timeProcess(['-e', '0']).wallMs);
    for (const name of options.functions) {
      const { wallMs: wall, stdout } = timeProcess([
        '--input-type=module',
        '-e',
        importScript(name),
      ]);
      const imported = Number(stdout.trim());
      if (!Number.isFinite(imported)) throw new Error(`${name}: import failed: ${stdout}`);
      importMs.get(name)?.push(imported);
      wallMs.get(name)?.push(wall);
      const withMaps = timeProcess(
        ['--enable-source-maps', '--input-type=module', '-e', importScript(name)],
        name,
      );
      importWithMapsMs.get(name)?.push(Number(withMaps.stdout.trim()));
    }
  }
  const metrics: Metric[] = [];
  for (const name of options.functions) {
    const bytes = statSync(zipPath(name)).size;
    metrics.push(
      metric(`zip_kib_${name}`, `dist/${name}.zip`, 'KiB', [bytes / 1024], {
        comparison: '<=',
        value: maxZipBytes / 1024,
        text: '≤ 300 KiB',
      }),
    );
  }
  for (const name of options.functions) {
    metrics.push(
      metric(`import_ms_${name}`, `import ${name}/dist/index.mjs`, 'ms', importMs.get(name) ?? [], {
        comparison: '<=',
        value: maxImportMs,
        text: '≤ 80 ms',
      }),
    );
  }
  for (const name of options.functions) {
    metrics.push(
      metric(
        `import_ms_${name}_source_maps`,
        `import ${name} with --enable-source-maps (not deployed: the cost of mapping)`,
        'ms',
        importWithMapsMs.get(name) ?? [],
      ),
    );
  }
  for (const [name, values] of wallMs) {
    metrics.push(
      metric(
        `process_ms_${name.replace(/\W+/g, '_')}`,
        `process wall: ${name === 'node -e 0' ? name : `node + import ${name}`}`,
        'ms',
        values,
      ),
    );
  }
  const largestPackagesInBundle = Object.fromEntries(
    options.functions.map((name) => [name, bundleComposition(metafileOf(name))]),
  );
  return {
    name: 'cold-start',
    title: 'Cold start: zip size and bundle import time',
    status: 'ok',
    details: { largestPackagesInBundle },
    parameters: {
      samples: importMs.get(options.functions[0] ?? '')?.length ?? 0,
      node: process.execPath,
      importMeasuredAs:
        'performance.now() around `await import(bundle)` inside a fresh node process',
      env: Object.keys(importEnv),
    },
    metrics,
  };
}

const zipPath = (name: string) => path.join(repoRoot, 'dist', `${name}.zip`);
const bundlePath = (name: string) => path.join(repoRoot, 'functions', name, 'dist', 'index.mjs');
const metafileOf = (name: string): Metafile =>
  JSON.parse(
    readFileSync(path.join(repoRoot, 'functions', name, 'dist', 'metafile-esm.json'), 'utf8'),
  );

function importScript(name: string): string {
  const url = pathToFileURL(bundlePath(name)).href;
  return [
    'const t0 = performance.now();',
    `await import(${JSON.stringify(url)});`,
    'process.stdout.write(String(performance.now() - t0));',
  ].join('\n');
}

function timeProcess(args: string[], name = 'bench'): { wallMs: number; stdout: string } {
  const t0 = performance.now();
  const child = spawnSync(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      ...importEnv,
      AWS_LAMBDA_FUNCTION_NAME: name,
    },
    encoding: 'utf8',
    timeout: 30_000,
  });
  const wallMs = performance.now() - t0;
  if (child.status !== 0) {
    throw new Error(`node ${args.join(' ').slice(0, 80)} exited ${child.status}: ${child.stderr}`);
  }
  return { wallMs, stdout: child.stdout };
}
