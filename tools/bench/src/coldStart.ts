import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { deadlineIn } from './deadline';
import { repoRoot } from './repoRoot';
import { atMost, type MeasurementResult, metric, notRun } from './results';

/** What cold-start runs with. */
export type ColdStartOptions = { functions: string[]; samples: number; budgetMs: number };

/** What each handler reads at import: enough for module scope to succeed without touching anything. */
const importEnv = {
  QUEUE_URL: 'http://127.0.0.1:1/000000000000/bench-events',
  PAYLOAD_BUCKET: 'bench-payloads',
  DLQ_URL: 'http://127.0.0.1:1/000000000000/bench-events-dlq',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:bench-events',
  // The pool is lazy: nothing connects at import, so an unreachable URL is fine.
  DATABASE_URL: 'postgres://x@127.0.0.1:1/x',
  // The authorizer's grants object: read on its first request, not at import.
  API_KEY_GRANTS_BUCKET: 'bench-grants',
  API_KEY_GRANTS_KEY: 'grants.json',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  LOG_LEVEL: 'silent',
  // What the Lambda runtime sets: aws-embedded-metrics then detects Lambda at import
  // instead of probing the EC2 metadata endpoint (which would keep the process alive 1 s).
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
};

const zipOf = (name: string) => path.join(repoRoot, 'dist', `${name}.zip`);

/**
 * cold-start: each `dist/<name>.zip`'s size; the time a fresh `node` takes to import each
 * bundle, measured inside the child around `await import()` (what a cold start adds to the
 * runtime's own start), samples alternating between functions.
 */
export function measureColdStart(options: ColdStartOptions): MeasurementResult {
  const deadline = deadlineIn(options.budgetMs);
  const bundle = (name: string) => path.join(repoRoot, 'functions', name, 'dist', 'index.mjs');
  const missing = options.functions
    .flatMap((n) => [zipOf(n), bundle(n)])
    .filter((f) => !existsSync(f));
  if (missing.length > 0) {
    return notRun('cold-start', 'failed', `missing ${missing.join(', ')}: run make package first`);
  }
  const importMs = new Map<string, number[]>(options.functions.map((n) => [n, []]));
  const nodeStartMs: number[] = []; // this machine's process start, to compare runs across days
  for (let i = 0; i < options.samples && !deadline.passed(); i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    nodeStartMs.push(performance.now() - t0);
    for (const name of options.functions) {
      const script = `const t0 = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle(name)).href)}); process.stdout.write(String(performance.now() - t0));`;
      const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '/tmp',
          ...importEnv,
          AWS_LAMBDA_FUNCTION_NAME: name,
        },
        encoding: 'utf8',
        timeout: 30_000,
      });
      const ms = Number(child.stdout.trim());
      if (child.status !== 0 || !Number.isFinite(ms))
        throw new Error(`${name}: import failed: ${child.stderr}`);
      importMs.get(name)?.push(ms);
    }
  }
  return {
    name: 'cold-start',
    title: 'Cold start: zip size and bundle import time',
    status: 'ok',
    parameters: {
      samples: importMs.get(options.functions[0] ?? '')?.length ?? 0,
      importMeasuredAs:
        'performance.now() around `await import(bundle)` inside a fresh node process',
    },
    metrics: [
      metric(
        'node_start_ms',
        'a bare `node -e 0`, spawn to exit (machine reference)',
        'ms',
        nodeStartMs,
      ),
      ...options.functions.map((name) =>
        metric(
          `zip_kib_${name}`,
          `dist/${name}.zip`,
          'KiB',
          [statSync(zipOf(name)).size / 1024],
          atMost(300, '≤ 300 KiB'),
        ),
      ),
      ...options.functions.map((name) =>
        metric(
          `import_ms_${name}`,
          `import ${name}`,
          'ms',
          importMs.get(name) ?? [],
          atMost(80, '≤ 80 ms'),
        ),
      ),
    ],
  };
}
