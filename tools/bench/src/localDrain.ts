import { spawn } from 'node:child_process';
import path from 'node:path';
import type { RunningStack } from '@fluxa/local';
import { startBenchStack } from './benchStack';
import { Deadline } from './deadline';
import type { LocalDrainOptions } from './options';
import { cpuDelta, cpuOfTrees } from './processCpu';
import { repoRoot } from './repoRoot';
import { type MeasurementResult, metric } from './results';

/** What `fluxa load --json` reports (the fields used here). */
interface LoadReport {
  accepted: number;
  elapsed_s: number;
  events_per_second: number;
  wait?: {
    stored: number;
    elapsed_s: number;
    list_requests: number;
    pipeline_lag_ms: { p50: number; p95: number };
  };
}

/**
 * local-drain: a burst through the whole local stack with its defaults, as an operator runs
 * it: `fluxa load --count N --batch 100 --concurrency 4 --wait --json` (the CLI bundle, in a
 * process of its own). Accepted rate; drained rate end to end (events ÷ (send + wait) time:
 * every event stored); pipeline lag (the record's created_at − received_at) p95.
 */
export async function measureLocalDrain(options: LocalDrainOptions): Promise<MeasurementResult> {
  const deadline = new Deadline(options.budgetMs);
  const bench = await startBenchStack();
  const { stack } = bench;
  try {
    await load(stack, 1_000); // warm the bundles, the poller's containers and the pools
    const reports: LoadReport[] = [];
    const processes = { ...stack.info.pids };
    const cpuBefore = cpuOfTrees(processes);
    let loadCpuSeconds = 0;
    for (let run = 0; run < options.runs && deadline.remainingMs() > 30_000; run++) {
      const { report, cpuSeconds } = await load(stack, options.events);
      reports.push(report);
      loadCpuSeconds += cpuSeconds;
    }
    const events = reports.reduce((sum, r) => sum + r.accepted, 0);
    const cpuMsPerEvent = Object.fromEntries(
      Object.entries({
        ...cpuDelta(cpuBefore, cpuOfTrees(processes)),
        'fluxa load': loadCpuSeconds,
      }).map(([name, seconds]) => [
        name,
        Number(((seconds * 1000) / Math.max(1, events)).toFixed(3)),
      ]),
    );
    const drained = reports.map(
      (r) => r.accepted / (r.elapsed_s + (r.wait?.elapsed_s ?? Number.POSITIVE_INFINITY)),
    );
    const lagP95 = reports.map((r) => (r.wait?.pipeline_lag_ms.p95 ?? Number.NaN) / 1000);
    return {
      name: 'local-drain',
      title: `Local stack drain: ${options.events.toLocaleString('en-US')} events by fluxa load --batch 100 --concurrency 4 --wait`,
      status: 'ok',
      parameters: {
        events: options.events,
        runs: reports.length,
        command: `fluxa load --count ${options.events} --batch 100 --concurrency 4 --wait --json`,
        stack: 'startLocalStack defaults (poller concurrency, batch size, batching window)',
      },
      metrics: [
        metric(
          'accepted_rate',
          'accepted (POST /events/batch)',
          'events/s',
          reports.map((r) => r.events_per_second),
        ),
        metric('drained_rate', 'drained end to end (all stored)', 'events/s', drained, {
          comparison: '>=',
          value: 2_000,
          text: '≥ 2,000 events/s',
        }),
        metric('pipeline_lag_p95', 'pipeline lag p95 (received_at → created_at)', 's', lagP95, {
          comparison: '<=',
          value: 5,
          text: '≤ 5 s',
        }),
      ],
      details: { reports, cpuMsPerEvent },
    };
  } finally {
    await bench.stop();
  }
}

/** Runs `fluxa load` against the stack: its JSON report and the CPU seconds the CLI used. */
function load(
  stack: RunningStack,
  count: number,
): Promise<{ report: LoadReport; cpuSeconds: number }> {
  const cli = path.join(repoRoot, 'tools', 'cli', 'dist', 'index.mjs');
  const args = [cli, 'load', '--count', String(count), '--batch', '100', '--concurrency', '4'];
  const child = spawn(
    process.execPath,
    [...args, '--wait', '--wait-timeout', '120', '--json', '--url', stack.info.api_url],
    {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        FLUXA_API_KEY: stack.info.api_key,
      },
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    let cpuSeconds = 0;
    const sampler = setInterval(() => {
      cpuSeconds = cpuOfTrees({ cli: child.pid ?? 0 }).cli ?? cpuSeconds;
    }, 100);
    child.on('close', (code) => {
      clearInterval(sampler);
      try {
        const report = JSON.parse(stdout) as LoadReport;
        if (code !== 0 || report.wait?.stored !== report.accepted) {
          reject(new Error(`fluxa load exited ${code}: ${stdout.slice(0, 300)}`));
        } else resolve({ report, cpuSeconds });
      } catch {
        reject(
          new Error(`fluxa load exited ${code} without a JSON report: ${stdout.slice(0, 300)}`),
        );
      }
    });
  });
}
