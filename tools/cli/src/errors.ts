/** Exit codes: 0 success, 1 a check or operation failed, 2 bad usage (flags, missing target). */
export const exitCodes = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** A mistake on the command line or a missing setting: one line, exit 2. */
export class UsageError extends Error {
  readonly code = 'USAGE';
  override readonly name = 'UsageError';
}

/** An operation that failed for a reason worth one line to the operator: exit 1. */
export class CliError extends Error {
  readonly code: string;
  override readonly name = 'CliError';

  constructor(message: string, code = 'FAILED') {
    super(message);
    this.code = code;
  }
}

/** Readable causes of network errors, by Node/undici error code. */
const networkReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  UND_ERR_CONNECT_TIMEOUT: 'connect timed out',
  UND_ERR_HEADERS_TIMEOUT: 'timed out waiting for a response',
  UND_ERR_SOCKET: 'connection closed',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
};

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, errno } = error as { code?: unknown; errno?: unknown };
  if (typeof code === 'string') return code;
  return typeof errno === 'string' ? errno : undefined;
}

/**
 * Why a connection failed, in a few words ("connection refused"), looking through
 * `cause` chains and AggregateErrors (fetch wraps the socket error; Node tries each
 * address of a host and reports them all).
 */
export function networkReason(error: unknown, depth = 0): string | undefined {
  if (depth > 5 || typeof error !== 'object' || error === null) return undefined;
  const code = codeOf(error);
  if (code && networkReasons[code]) return networkReasons[code];
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const reason = networkReason(inner, depth + 1);
      if (reason) return reason;
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined) return networkReason(cause, depth + 1);
  return code ? code.toLowerCase() : undefined;
}

/** A message for any thrown value, never a stack trace. */
export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

/** The operator pressed Ctrl-C: the command stopped cleanly; exit 130. */
export class InterruptedError extends CliError {
  constructor() {
    super('interrupted', 'INTERRUPTED');
  }
}
