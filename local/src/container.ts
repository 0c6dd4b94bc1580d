import { Worker } from 'node:worker_threads';
import { bundlePath, type FunctionName } from './bundles';

/** An invocation that ran past its function's timeout: Lambda ends its container. */
export class InvocationTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the invocation ran past its ${timeoutMs / 1000} s timeout`);
    this.name = 'InvocationTimeoutError';
  }
}

/** The worker's program: import the bundle once (a cold start), then run invocations in turn. */
const containerProgram = `
const { parentPort, workerData } = require('node:worker_threads');
const handler = import(workerData.bundle).then((module) => module.handler);
parentPort.on('message', async ({ event }) => {
  try {
    parentPort.postMessage({ ok: true, result: await (await handler)(event) });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});`;

/** One Lambda container of a function: invocations run one at a time. */
export interface FunctionContainer {
  /**
   * Runs one invocation; rejects with {@link InvocationTimeoutError} past the timeout, having
   * ended the container (the next invocation starts a new one, with a cold start).
   */
  invoke(event: unknown): Promise<unknown>;
  /** Ends the container at once, an invocation in flight with it, as a crash would. */
  close(): Promise<void>;
}

/**
 * A container of a function bundle in a worker thread of its own, as Lambda runs each
 * concurrent invocation in a container: its own module scope (pool, clients), and an end —
 * the worker is terminated — when an invocation runs past `timeoutMs`, so a timed-out
 * invocation writes, publishes and answers nothing more, as on AWS.
 */
export function functionContainer(name: FunctionName, timeoutMs: number): FunctionContainer {
  let worker: Worker | undefined;
  const start = () =>
    new Worker(containerProgram, { eval: true, workerData: { bundle: bundlePath(name, true) } });
  return {
    invoke(event) {
      worker ??= start();
      const running = worker;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          worker = undefined;
          void running.terminate();
          reject(new InvocationTimeoutError(timeoutMs));
        }, timeoutMs);
        const settle = () => {
          clearTimeout(timer);
          running.off('message', finish);
          running.off('error', fail);
          running.off('exit', ended);
        };
        const finish = (answer: { ok: boolean; result?: unknown; error?: string }) => {
          settle();
          if (answer.ok) resolve(answer.result);
          else reject(new Error(answer.error));
        };
        const fail = (error: Error) => {
          settle();
          if (worker === running) worker = undefined;
          reject(error);
        };
        const ended = () => fail(new Error('the container ended during the invocation'));
        running.once('message', finish);
        running.once('error', fail);
        running.once('exit', ended);
        running.postMessage({ event });
      });
    },
    async close() {
      await worker?.terminate();
      worker = undefined;
    },
  };
}
