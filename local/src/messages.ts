import type { LocalStack } from '@fluxa/models';

/**
 * What the stack's processes tell each other over their IPC channels — never on a terminal:
 * supervisor → console → whoever launched it (`make local-up`, `startLocalStack`), and each
 * service child → the supervisor.
 */
export type StackMessage =
  /** The stack serves requests. */
  | { type: 'ready'; info: LocalStack }
  /** The start failed and everything it started is stopped; `line` says what and the fix. */
  | { type: 'failed'; line: string }
  /** A line for the person at the terminal (a restart, a warning). */
  | { type: 'note'; line: string }
  /** From `make local-up` to the console: keep running when I disconnect. */
  | { type: 'detach' }
  /** From the emulator child: it listens on `port`. */
  | { type: 'listening'; port: number }
  /** From the poller child: the processor bundle is loaded and polling began. */
  | { type: 'polling' };

/** `message` when it is a StackMessage of `type`, else undefined. */
export function messageOf<K extends StackMessage['type']>(
  message: unknown,
  type: K,
): Extract<StackMessage, { type: K }> | undefined {
  const candidate = message as { type?: unknown } | null;
  return typeof candidate === 'object' && candidate?.type === type
    ? (candidate as Extract<StackMessage, { type: K }>)
    : undefined;
}

/** Sends `message` to this process's parent when it has an IPC channel to it. */
export function tellParent(message: StackMessage): void {
  if (process.connected) process.send?.(message);
}
