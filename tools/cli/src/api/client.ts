import { CliError, InterruptedError, unreachable } from '../errors';

/** A response of the Fluxa API: status, parsed JSON body (untrusted), and timing. */
export interface ApiResponse {
  status: number;
  body: unknown;
  headers: Headers;
  /** Milliseconds from sending the request to having read the whole body. */
  ms: number;
}

/** How to reach the API. */
export interface ApiClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** Per-request timeout. */
  timeoutMs: number;
  /** Aborts in-flight requests (Ctrl-C). */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  /** Appended to "cannot reach …" errors, e.g. where the URL came from. */
  unreachableHint?: string;
}

/** An HTTP request to the API. */
export interface ApiRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Send without the API key (to check that the API refuses it). */
  anonymous?: boolean;
}

/**
 * A thin fetch wrapper for the Fluxa HTTP API: JSON in and out, the API key in
 * `x-api-key` (never logged or printed), a timeout per request, and network
 * failures turned into one-line "cannot reach …" errors.
 */
export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  /** The base URL requests go to. */
  get baseUrl(): string {
    return this.options.baseUrl;
  }

  /** Sends one request and returns the response, whatever its status. */
  async request(request: ApiRequest): Promise<ApiResponse> {
    const url = new URL(`${this.options.baseUrl}${request.path}`);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value !== undefined) url.searchParams.set(name, value);
    }
    const headers: Record<string, string> = {
      accept: 'application/json',
      'user-agent': 'fluxa-cli',
      ...request.headers,
    };
    if (this.options.apiKey && !request.anonymous) headers['x-api-key'] = this.options.apiKey;
    let body: string | undefined;
    if (request.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = typeof request.body === 'string' ? request.body : JSON.stringify(request.body);
    }
    const signals = [AbortSignal.timeout(this.options.timeoutMs)];
    if (this.options.signal) signals.push(this.options.signal);
    const started = performance.now();
    try {
      const response = await (this.options.fetch ?? fetch)(url, {
        method: request.method,
        headers,
        body,
        signal: AbortSignal.any(signals),
      });
      const text = await response.text();
      return {
        status: response.status,
        body: parseBody(text),
        headers: response.headers,
        ms: performance.now() - started,
      };
    } catch (error) {
      if (this.options.signal?.aborted) throw new InterruptedError();
      const failure = unreachable(this.options.baseUrl, error);
      if (this.options.unreachableHint) {
        throw new CliError(`${failure.message} (${this.options.unreachableHint})`, failure.code);
      }
      throw failure;
    }
  }
}

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
