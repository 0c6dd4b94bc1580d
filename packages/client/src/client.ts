import { type BufferedEvent, deliverBatch, type UndeliveredEvent } from './batchDelivery';
import { Batcher, type DeliveryReport, type EnqueueOptions } from './batcher';
import { ApiError, ResponseError } from './errors';
import { isJsonObject, withEventId } from './eventIds';
import type {
  Accepted,
  BatchResult,
  Erasure,
  ErasureRequest,
  ErasureStarted,
  EventInput,
  EventList,
  EventListQuery,
  EventStatus,
  Health,
  Readiness,
  Replay,
  ReplayDryRun,
  ReplayRequest,
  ReplayStarted,
  StoredRecord,
} from './generated/types';
import { maxBatchEvents } from './generated/types';
import { clientVersion } from './generated/version';
import { type FluxaClientOptions, type ResolvedOptions, resolveOptions } from './options';
import { type Page, pages } from './pages';
import { type ApiRequest, Transport } from './transport';

/** Options of one call. */
export interface RequestOptions {
  /** Aborts the call, its retries included (it rejects with the signal's reason). */
  signal?: AbortSignal;
  /** Sent as `X-Correlation-ID` (1–128 of `A-Z a-z 0-9 . _ : -`); the service makes one up otherwise. */
  correlationId?: string;
}

/**
 * A client of the Fluxa HTTP API. Send one event (`send`) or one batch (`sendBatch`) and
 * await the answer, or `enqueue` events to be sent in the background in batches, then
 * `flush()` or `close()`. Read events back with `get`, `status` and `list`; run replays and
 * erasures. Every request is retried on 408, 429, 502, 503, 504 and network failures, within
 * `retryDeadlineMs`, never sooner than `Retry-After`: safe, because an event keeps its
 * `event_id` (a UUIDv7 is given to an event without one before its first attempt) and the
 * service stores an `event_id` once.
 */
export class FluxaClient {
  /** The API's base URL, without a trailing slash. */
  readonly url: string;
  private readonly options: ResolvedOptions;
  private readonly transport: Transport;
  private readonly batcher: Batcher;

  constructor(options: FluxaClientOptions) {
    this.options = resolveOptions(options);
    this.url = this.options.url;
    const userAgent = `fluxa-client/${clientVersion} node/${process.versions.node}`;
    this.transport = new Transport({
      baseUrl: this.url,
      apiKey: this.options.apiKey,
      requestTimeoutMs: this.options.requestTimeoutMs,
      compressAboveBytes: this.options.compressAboveBytes,
      userAgent: this.options.userAgent ? `${this.options.userAgent} ${userAgent}` : userAgent,
      fetch: this.options.fetch,
      retry: {
        deadlineMs: this.options.retryDeadlineMs,
        baseDelayMs: this.options.retryBaseDelayMs,
        maxDelayMs: this.options.maxRetryDelayMs,
        ...(this.options.onRetry ? { onRetry: this.options.onRetry } : {}),
      },
    });
    this.batcher = new Batcher({
      ...this.options,
      deliver: (events) => deliverBatch(this.transport, events),
      onSettled: ({ delivered, undelivered }) => {
        if (delivered.length > 0) notify('onDelivered', this.options.onDelivered, delivered);
        if (undelivered.length > 0) {
          notify('onUndelivered', this.options.onUndelivered ?? warnUndelivered, undelivered);
        }
      },
    });
  }

  /**
   * POST /events: one event, one request. Resolves with the 202 body once the service has
   * durably enqueued it; throws an {@link ApiError} it refused (every violation in `details`),
   * or the last error once retries are exhausted.
   */
  async send(event: EventInput, options: RequestOptions = {}): Promise<Accepted> {
    const body = withEventId(event);
    return this.call<Accepted>(
      { method: 'POST', path: '/events', json: JSON.stringify(body) },
      options,
    );
  }

  /**
   * POST /events/batch: up to 500 events in one request. Resolves with a result per event
   * in request order (`enqueued`, `rejected` with its violations, or `failed` — retryable);
   * items are not retried here (`enqueue` does that).
   */
  async sendBatch(
    events: readonly EventInput[],
    options: RequestOptions = {},
  ): Promise<BatchResult> {
    if (!Array.isArray(events) || events.length === 0 || events.length > maxBatchEvents) {
      throw new RangeError(`sendBatch takes 1 to ${maxBatchEvents} events`);
    }
    const body = {
      events: events.map(withEventId),
    };
    return this.call<BatchResult>(
      { method: 'POST', path: '/events/batch', json: JSON.stringify(body) },
      options,
    );
  }

  /**
   * Buffers the event to be sent in the background, in batches. Resolves with its
   * `event_id` as soon as it is buffered — waiting first while the buffer is full (see
   * {@link EnqueueOptions}). What becomes of it is reported: `onUndelivered` hears of an event
   * that was refused or given up (with why), and `flush()`/`close()` count them. An event that
   * is not a JSON object, or whose JSON exceeds `maxBatchBytes`, is refused at once.
   */
  enqueue(event: EventInput, options: EnqueueOptions = {}): Promise<string> {
    if (!isJsonObject(event)) return Promise.reject(new TypeError('an event must be an object'));
    let buffered: BufferedEvent;
    try {
      const identified = withEventId(event);
      const json = JSON.stringify(identified);
      buffered = { eventId: identified.event_id, json, bytes: Buffer.byteLength(json) };
    } catch (error) {
      return Promise.reject(error);
    }
    return this.batcher.add(buffered, options).then(() => buffered.eventId);
  }

  /**
   * Sends what is buffered now and resolves once each of those events was delivered or given
   * up, with how many were delivered and how many not since the previous report.
   */
  flush(): Promise<DeliveryReport> {
    return this.batcher.flush();
  }

  /**
   * Refuses further `enqueue` calls, sends everything buffered (and every event still waiting
   * for room), and resolves once all of it was delivered or given up, with the counts since
   * the previous report. Call it on shutdown.
   */
  close(): Promise<DeliveryReport> {
    return this.batcher.close();
  }

  /** Events buffered or being sent by `enqueue`. */
  get bufferedEvents(): number {
    return this.batcher.size;
  }

  /** GET /events/{event_id}: the stored event, or undefined while it is not stored (yet). */
  get(eventId: string, options: RequestOptions = {}): Promise<StoredRecord | undefined> {
    return this.find<StoredRecord>(`/events/${encodeURIComponent(eventId)}`, options);
  }

  /** GET /events/{event_id}/status: what the processor knows, or undefined before it saw the event. */
  status(eventId: string, options: RequestOptions = {}): Promise<EventStatus | undefined> {
    return this.find<EventStatus>(`/events/${encodeURIComponent(eventId)}/status`, options);
  }

  /**
   * GET /events: one page of events, newest `timestamp` first — those of one `user_id`, of one
   * `correlation_id`, or of the whole tenant between `from` and `to`. `limit` is the page size
   * (at most 100); pass a page's `next_cursor` back as `cursor` for the next one (null on the
   * last). For a paginated view; {@link list} walks every page.
   */
  listPage(query: EventListQuery = {}, options: RequestOptions = {}): Promise<EventList> {
    return this.call({ method: 'GET', path: '/events', query: { ...query } }, options);
  }

  /** Every page of {@link listPage}, following `next_cursor` to the last. */
  listPages(query: EventListQuery = {}, options: RequestOptions = {}): AsyncGenerator<EventList> {
    return pages((cursor) => this.listPage({ ...query, ...cursor }, options));
  }

  /** Every event {@link listPages} finds, one at a time. */
  async *list(
    query: EventListQuery = {},
    options: RequestOptions = {},
  ): AsyncGenerator<StoredRecord> {
    for await (const page of this.listPages(query, options)) yield* page.items;
  }

  /** POST /replays with `dry_run`: how many stored events the bounds and filters match; publishes nothing. */
  replay(
    request: ReplayRequest & { dry_run: true },
    options?: RequestOptions,
  ): Promise<ReplayDryRun>;
  /**
   * POST /replays: re-publishes the tenant's stored events whose stored time lies in
   * [`stored_after`, `stored_before`), optionally of one user or merchant; resolves once it
   * runs. A second replay while one runs is an {@link ApiError} with status 409.
   */
  replay(request: ReplayRequest, options?: RequestOptions): Promise<ReplayStarted>;
  replay(
    request: ReplayRequest,
    options: RequestOptions = {},
  ): Promise<ReplayStarted | ReplayDryRun> {
    return this.call({ method: 'POST', path: '/replays', json: JSON.stringify(request) }, options);
  }

  /** GET /replays/{replay_id}: a replay's progress, or undefined when the tenant has none of that id. */
  getReplay(replayId: string, options: RequestOptions = {}): Promise<Replay | undefined> {
    return this.find<Replay>(`/replays/${encodeURIComponent(replayId)}`, options);
  }

  /** GET /replays: the tenant's replays, newest first, every page. */
  replays(options: RequestOptions = {}): AsyncGenerator<Replay> {
    return this.everyItem<Replay>('/replays', options);
  }

  /**
   * POST /erasures: deletes every stored event of the user in the key's tenant (and with
   * `suppress`, refuses the user's later events until {@link unsuppress}); runs in the background.
   */
  erase(request: ErasureRequest, options: RequestOptions = {}): Promise<ErasureStarted> {
    return this.call({ method: 'POST', path: '/erasures', json: JSON.stringify(request) }, options);
  }

  /** GET /erasures/{erasure_id}: an erasure's progress, or undefined when the tenant has none of that id. */
  getErasure(erasureId: string, options: RequestOptions = {}): Promise<Erasure | undefined> {
    return this.find<Erasure>(`/erasures/${encodeURIComponent(erasureId)}`, options);
  }

  /** GET /erasures: the tenant's erasures, newest first, every page. */
  erasures(options: RequestOptions = {}): AsyncGenerator<Erasure> {
    return this.everyItem<Erasure>('/erasures', options);
  }

  /** DELETE /suppressions/{user_id}: the user's events are accepted again. */
  async unsuppress(userId: string, options: RequestOptions = {}): Promise<void> {
    await this.call(
      { method: 'DELETE', path: `/suppressions/${encodeURIComponent(userId)}` },
      options,
    );
  }

  /** GET /health: the API answers (no dependency is touched); needs no key. */
  health(options: RequestOptions = {}): Promise<Health> {
    return this.call({ method: 'GET', path: '/health' }, options);
  }

  /** GET /health/ready: the database answers (a 503 is an {@link ApiError}); needs no key. */
  ready(options: RequestOptions = {}): Promise<Readiness> {
    return this.call({ method: 'GET', path: '/health/ready' }, options);
  }

  /** One request, retried; resolves with its JSON object body. */
  private async call<Body>(request: ApiRequest, options: RequestOptions): Promise<Body> {
    const answer = await this.transport.request({
      ...request,
      signal: options.signal,
      correlationId: options.correlationId,
    });
    if (!isJsonObject(answer.body)) {
      throw new ResponseError({
        code: 'UNEXPECTED_RESPONSE',
        message: `${request.method} ${request.path}: answered ${answer.status} without a JSON object`,
        status: answer.status,
        correlationId: answer.correlationId,
        method: request.method,
        path: request.path,
      });
    }
    return answer.body as Body;
  }

  /** Every item of a paginated GET route, page after page. */
  private async *everyItem<Item>(path: string, options: RequestOptions): AsyncGenerator<Item> {
    const all = pages<Page<Item>>((cursor) =>
      this.call({ method: 'GET', path, query: cursor }, options),
    );
    for await (const page of all) yield* page.items;
  }

  /** A GET whose 404 means "none (yet)". */
  private async find<Body>(path: string, options: RequestOptions): Promise<Body | undefined> {
    try {
      return await this.call<Body>({ method: 'GET', path }, options);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}

/** Calls a user's hook; a hook that throws must not stop the client, so it becomes a warning. */
function notify<T>(name: string, hook: ((value: T) => void) | undefined, value: T): void {
  try {
    hook?.(value);
  } catch (error) {
    process.emitWarning(
      `Fluxa: the ${name} hook threw: ${error instanceof Error ? error.message : String(error)}`,
      {
        code: 'FLUXA_HOOK_FAILED',
      },
    );
  }
}

/** Undelivered events, when no `onUndelivered` hook was given: never dropped silently. */
function warnUndelivered(events: UndeliveredEvent[]): void {
  const [first] = events;
  if (!first) return;
  process.emitWarning(
    `Fluxa: ${events.length} event(s) not delivered (${first.outcome}: ${first.error.message}); pass onUndelivered to handle them`,
    { code: 'FLUXA_UNDELIVERED' },
  );
}
