import { gunzipSync } from 'node:zlib';

/** One request the client made, and its answer, as seen on the way to the real server. */
export interface Exchange {
  method: string;
  path: string;
  /** `gzip` when the body was compressed. */
  contentEncoding: string | undefined;
  /** Bytes of the body as sent. */
  wireBytes: number;
  /** Bytes of the body's JSON (after gunzip). */
  jsonBytes: number;
  /** The event ids the body carried, in order. */
  eventIds: string[];
  sentAt: number;
  status?: number;
  /** The answer's Retry-After header. */
  retryAfter?: string | null;
  answeredAt?: number;
}

/** Holds requests back until opened: a server that is slow to answer, without touching the server. */
export class Gate {
  private release: (() => void) | undefined;
  private opened: Promise<void> = Promise.resolve();

  /** Requests made from now on wait. */
  close(): void {
    this.opened = new Promise((resolve) => {
      this.release = resolve;
    });
  }

  /** Lets every waiting and later request through. */
  open(): void {
    this.release?.();
  }

  /** Resolves when the gate is open. */
  pass(): Promise<void> {
    return this.opened;
  }
}

function bodyBytes(body: RequestInit['body']): Buffer {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error('recordingFetch: the client sent a body of an unexpected kind');
}

function eventIdsOf(json: string): string[] {
  if (json === '') return [];
  const parsed = JSON.parse(json) as { events?: Array<{ event_id?: string }>; event_id?: string };
  const events = Array.isArray(parsed.events) ? parsed.events : [parsed];
  return events.map((event) => String(event.event_id));
}

/**
 * Node's fetch with a record of every exchange (what the client sent, what the server
 * answered and when), and an optional gate that holds requests back. The requests still go
 * to the real server: only the test's view of them is added.
 */
export function recordingFetch(gate?: Gate): { fetch: typeof fetch; exchanges: Exchange[] } {
  const exchanges: Exchange[] = [];
  const recording: typeof fetch = async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(init?.headers);
    const wire = bodyBytes(init?.body);
    const encoding = headers.get('content-encoding') ?? undefined;
    const json = (encoding === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
    await gate?.pass();
    const exchange: Exchange = {
      method: init?.method ?? 'GET',
      path: url.pathname,
      contentEncoding: encoding,
      wireBytes: wire.length,
      jsonBytes: Buffer.byteLength(json),
      eventIds: eventIdsOf(json),
      sentAt: Date.now(),
    };
    exchanges.push(exchange);
    const response = await fetch(input, init);
    exchange.status = response.status;
    exchange.retryAfter = response.headers.get('retry-after');
    exchange.answeredAt = Date.now();
    return response;
  };
  return { fetch: recording, exchanges };
}
