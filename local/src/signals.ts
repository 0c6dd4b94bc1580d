/** A request to stop this process, from a signal, from its parent going away, or from code. */
export interface StopRequest {
  /** True once a stop was asked for. */
  readonly requested: boolean;
  /** Resolves with what asked: the signal, `disconnect` when the parent is gone, or `why`. */
  readonly promise: Promise<string>;
  /** Asks for the stop from code. */
  request(why: string): void;
}

/**
 * Keeps this process alive when the reader of its stdout/stderr (the console) is gone: writes
 * then fail with EPIPE, and an unhandled write error would end the process before it stopped
 * what it started — leaving PostgreSQL running. The lines are lost; the teardown is not.
 */
export function surviveClosedOutput(): void {
  for (const output of [process.stdout, process.stderr]) output.on('error', () => {});
}

/**
 * Listens, from now on, for SIGINT (Ctrl-C), SIGTERM, SIGHUP (its terminal closed) and — when
 * `parentGone` — the IPC channel to the parent closing (so a child never outlives the process
 * that started it).
 */
export function listenForStop(
  options: { parentGone: boolean } = { parentGone: true },
): StopRequest {
  let requested = false;
  let resolve: (why: string) => void = () => {};
  const promise = new Promise<string>((settle) => {
    resolve = settle;
  });
  const request = (why: string) => {
    requested = true;
    resolve(why);
  };
  // `on`, not `once`: a second Ctrl-C during the drain must not kill us half-way.
  process.on('SIGINT', () => request('SIGINT'));
  process.on('SIGTERM', () => request('SIGTERM'));
  process.on('SIGHUP', () => request('SIGHUP'));
  if (options.parentGone) process.once('disconnect', () => request('disconnect'));
  return {
    get requested() {
      return requested;
    },
    promise,
    request,
  };
}
