import {
  ApiError,
  FluxaClient,
  type FluxaClientOptions,
  FluxaError,
  NetworkError,
  type RequestOptions,
  type Violation,
} from '@fluxa/client';
import { routes, type Scope } from '@fluxa/models';
import { CliError, InterruptedError, networkReason } from './errors';

/** What the CLI needs to reach the API. */
export interface ApiSettings {
  url: string;
  apiKey?: string | undefined;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Retry within the client's deadline (batch sends); else every failure shows at once. */
  retries: boolean;
  /** Ctrl-C: aborts every call. */
  signal: AbortSignal;
  fetch?: typeof fetch | undefined;
  /** Appended to "cannot reach …" errors, e.g. where the URL came from. */
  unreachableHint?: string | undefined;
}

/** One line per violation: `  amount: must be greater than 0 (INVALID_VALUE)`. */
export function violationLines(violations: readonly Violation[]): string[] {
  return violations.map(
    (violation) => `  ${violation.field || '(body)'}: ${violation.reason} (${violation.code})`,
  );
}

/** The scope a request needs, from the API's route table (`{name}` segments match any value). */
function scopeOf(method: string | undefined, path: string | undefined): Scope | undefined {
  if (method === undefined || path === undefined) return undefined;
  const route = routes.find((candidate) => {
    const template = candidate.resource.replace(/\{[^}]+\}/g, '[^/]+');
    return candidate.method === method && new RegExp(`^${template}$`).test(path);
  });
  return route?.scope ?? undefined;
}

/**
 * The Fluxa API as the CLI uses it: a {@link FluxaClient} (the same library producers use)
 * whose calls all stop on Ctrl-C, and whose failures become one-line {@link CliError}s that
 * say what to check — the key's scope on 401/403, where the URL came from when it is
 * unreachable, every violation on a 400.
 */
export class Api {
  /** HTTP requests made so far (retries included). */
  requests = 0;
  readonly client: FluxaClient;

  constructor(private readonly settings: ApiSettings) {
    this.client = this.clientWith({});
  }

  /** The API's base URL. */
  get url(): string {
    return this.client.url;
  }

  /** What every call passes: Ctrl-C aborts it. */
  get options(): RequestOptions {
    return { signal: this.settings.signal };
  }

  /**
   * Another client of the same API and key, with these options (the hooks of a batch send);
   * its requests are counted here too.
   */
  clientWith(options: Partial<FluxaClientOptions>): FluxaClient {
    const send = this.settings.fetch ?? fetch;
    return new FluxaClient({
      url: this.settings.url,
      ...(this.settings.apiKey ? { apiKey: this.settings.apiKey } : {}),
      requestTimeoutMs: this.settings.timeoutMs,
      ...(this.settings.retries ? {} : { retryDeadlineMs: 0 }),
      userAgent: 'fluxa-cli',
      fetch: (input, init) => {
        this.requests += 1;
        return send(input, init);
      },
      ...options,
    });
  }

  /** Runs one call of the client; its failure becomes a {@link CliError}. */
  async call<T>(run: (client: FluxaClient, options: RequestOptions) => Promise<T>): Promise<T> {
    try {
      return await run(this.client, this.options);
    } catch (error) {
      throw this.failure(error);
    }
  }

  /** The one-line error an operator sees for a failed call. */
  failure(error: unknown): Error {
    if (this.settings.signal.aborted) return new InterruptedError();
    if (error instanceof NetworkError) {
      const reason =
        error.code === 'TIMEOUT' ? 'timed out' : (networkReason(error.cause) ?? 'network error');
      const hint = this.settings.unreachableHint ? ` (${this.settings.unreachableHint})` : '';
      return new CliError(`cannot reach ${this.url}: ${reason}${hint}`, 'UNREACHABLE');
    }
    if (error instanceof ApiError) return apiFailure(error);
    if (error instanceof FluxaError) return new CliError(error.message, error.code);
    return error instanceof Error ? error : new CliError(String(error));
  }
}

/**
 * An API error as the operator reads it: the client's line (`POST /events: 400
 * VALIDATION_FAILED …`), then one line per violation; 401/403 name the scope the route needs
 * and where the key comes from, 429 how long the API asked to wait.
 */
export function apiFailure(error: ApiError): CliError {
  if (error.status === 401 || error.status === 403) {
    const scope = scopeOf(error.method, error.path);
    const hint = scope
      ? `this needs a key with the ${scope} scope: check --api-key / FLUXA_API_KEY`
      : 'check --api-key / FLUXA_API_KEY';
    return new CliError(`${error.message} — ${hint}`, error.code);
  }
  const wait = error.status === 429 && error.retryAfterMs !== undefined;
  const tail = wait ? ` (retry after ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s)` : '';
  return new CliError(
    [`${error.message}${tail}`, ...violationLines(error.details)].join('\n'),
    error.code,
  );
}
