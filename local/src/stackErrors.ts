/** Why a local command could not go on. */
export type LocalStackFailure =
  | 'PORT_IN_USE'
  | 'DATA_DIR_IN_USE'
  | 'STACK_RUNNING'
  | 'BUNDLE_MISSING'
  | 'START_FAILED'
  | 'INTERRUPTED';

/** A local command that cannot go on; its message is the one line the user sees: what, and the fix. */
export class LocalStackError extends Error {
  override readonly name = 'LocalStackError';
  constructor(
    readonly code: LocalStackFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The port of `variable` is taken by a process the stack did not start. */
export function portInUseError(port: number, variable: string): LocalStackError {
  return new LocalStackError(
    'PORT_IN_USE',
    `port ${port} (${variable}) is in use: stop what holds it or set ${variable}`,
  );
}

/**
 * The one line a failed start prints: a LocalStackError's own message, else the first line
 * of the error and where its details went.
 */
export function startFailureLine(error: unknown, stackLog: string): string {
  if (error instanceof LocalStackError) return error.message;
  const message = errorText(error);
  return `the stack did not start: ${message.split('\n')[0]} (details in ${stackLog})`;
}

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
